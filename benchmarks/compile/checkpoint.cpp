// Compile-time cost of checkpointing: the seed TU plus a save and a load of its optimizer
// (compare with seed.cpp: the difference is what <tzero/checkpoint.hpp> adds per chain type).
#include <span>
#include <vector>

#include <tzero/checkpoint.hpp>
#include <tzero/tzero.hpp>

int main() {
    using namespace tzero;
    std::vector<float> p(64, 1.0f), g(64, 0.5f);
    optimizer opt(clip_value(1) | adam() | lr(0.1) | cautious() | weight_decay(1e-4),
                  std::vector{tensor_view<float>(p.data(), {64})});
    tensor_view<float const> gv(g.data(), {64});
    opt.step(std::span(&gv, 1));
    save(opt, "seed.safetensors");
    load(opt, "seed.safetensors");
    return p[0] < 1 ? 0 : 1;
}
