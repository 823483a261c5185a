// A chain with a curvature module (its estimate differences the closure's gradients) stepped on
// given gradients is refused with one line; its twin steps it with a closure.
// expected-error: tzero: this chain holds a module that estimates curvature from Hessian-vector products
#include <tzero/tzero.hpp>

#include <span>
#include <vector>

int main() {
    std::vector<float> p(3), g(3);
    tzero::tensor_view<float> pv(p.data(), {3});
    tzero::optimizer opt{tzero::adahessian() | tzero::lr(0.1), std::vector{pv}};
#ifdef TZERO_TWIN
    opt.step([&](std::span<tzero::tensor_view<float> const> grads) {
        if (!grads.empty()) grads[0].data[0] = 2 * p[0];
        return double(p[0] * p[0]);
    });
#else
    tzero::tensor_view<float const> gv(g.data(), {3});
    opt.step(std::vector{gv});
#endif
}
