// Compile-time cost of a 10-module chain with two reductions (three passes).
#include <span>
#include <vector>

#include <tzero/tzero.hpp>

int main() {
    using namespace tzero;
    std::vector<float> p(64, 1.0f), g(64, 0.5f);
    auto const chain = clip_norm(1.0, global) | clip_value(1) | adam() | nag() | rmsprop() | cautious(normalized) |
                       ema() | sign() | lr(0.1) | weight_decay(1e-4);
    optimizer opt(chain, std::vector{tensor_view<float>(p.data(), {64})});
    tensor_view<float const> gv(g.data(), {64});
    opt.step(std::span(&gv, 1));
    return p[0] < 1 ? 0 : 1;
}
