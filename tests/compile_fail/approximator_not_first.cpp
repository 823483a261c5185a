// A gradient approximator after another module (the modules before it would read a gradient
// that does not exist yet) is refused with one line; its twin puts it first.
// expected-error: tzero: a gradient approximator .fdm, spsa, .... comes first in its chain, once
#include <tzero/tzero.hpp>

#include <span>
#include <vector>

int main() {
    std::vector<float> p(3);
    tzero::tensor_view<float> pv(p.data(), {3});
#ifdef TZERO_TWIN
    tzero::optimizer opt{tzero::spsa() | tzero::adam(), std::vector{pv}};
#else
    tzero::optimizer opt{tzero::adam() | tzero::spsa(), std::vector{pv}};
#endif
    opt.step([&](std::span<tzero::tensor_view<float> const>) { return double(p[0] * p[0]); });
}
