// ODR check, part 2: ...and again here, with the same inline functions and variables.
#include <vector>

#include <tzero/tzero.hpp>

float odr_second_step(std::vector<float>& p, std::vector<float> const& g) {
    tzero::optimizer opt(
        tzero::clip_value(1) | tzero::adam() | tzero::lr(0.1) | tzero::cautious() | tzero::weight_decay(1e-4),
        std::vector{tzero::tensor_view<float>(p.data(), {p.size()})});
    tzero::tensor_view<float const> gv(g.data(), {g.size()});
    opt.step(std::span(&gv, 1));
    return p[0];
}
