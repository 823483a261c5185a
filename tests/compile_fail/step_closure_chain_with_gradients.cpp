// A chain with a line search stepped with gradients (it needs the closure to try step sizes) is
// refused with one line naming the fix; its twin steps it with a closure.
// expected-error: tzero: this chain has a closure stage
#include <tzero/tzero.hpp>

#include <span>
#include <vector>

int main() {
    std::vector<float> p(3), g(3);
    tzero::tensor_view<float> pv(p.data(), {3});
    tzero::tensor_view<float const> gv(g.data(), {3});
    tzero::optimizer opt{tzero::adam() | tzero::backtracking(), std::vector{pv}};
#ifdef TZERO_TWIN
    opt.step([&](std::span<tzero::tensor_view<float> const> grads) {
        double f = 0;
        for (std::size_t i = 0; i < p.size(); ++i) {
            f += 0.5 * p[i] * p[i];
            if (!grads.empty()) grads[0].data[i] = p[i];
        }
        return f;
    });
#else
    opt.step(std::span(&gv, 1));
#endif
}
