// Compile-time cost of the seed chain: include tzero, build the optimizer, take one step.
#include <span>
#include <vector>

#include <tzero/tzero.hpp>

int main() {
    using namespace tzero;
    std::vector<float> p(64, 1.0f), g(64, 0.5f);
    optimizer opt(clip_value(1) | adam() | lr(0.1) | cautious() | weight_decay(1e-4),
                  std::vector{tensor_view<float>(p.data(), {64})});
    tensor_view<float const> gv(g.data(), {64});
    opt.step(std::span(&gv, 1));
    return p[0] < 1 ? 0 : 1;
}
