// A chain that reads the loss stepped without one is refused with one line naming the fix.
// expected-error: tzero: this chain reads the loss
#include <tzero/tzero.hpp>

#include <vector>

int main() {
    std::vector<float> p(3), g(3);
    tzero::tensor_view<float> pv(p.data(), {3});
    tzero::tensor_view<float const> gv(g.data(), {3});
    tzero::optimizer opt{tzero::adam() | tzero::div_by_loss{} | tzero::lr(0.1), std::vector{pv}};
#ifdef TZERO_TWIN
    opt.step(std::span(&gv, 1), 2.0);
#else
    opt.step(std::span(&gv, 1));
#endif
}
