// The CUDA backend's kernel bodies over an emulated grid, on the CPU: they must agree with the
// CPU backend for every chain shape, on odd sizes and misaligned tensors, through both the
// 16-byte (quad) and the element path, and give bitwise the same result for any grid size.
#include <catch2/catch.hpp>

#include "backends/cuda/emulate_support.hpp"

using namespace tzero;

using tzero_test::check_emulated_equals_cpu;
using tzero_test::shapes;

namespace {

template <class T, class Chain>
std::vector<std::vector<T>> emulated_run(Chain const& c, cuda::launch_shape shape) {
    tzero_test::tensor_list<T> p(shapes), g(shapes);
    p.fill_normal(4);
    cuda::emulated_optimizer gpu(c, p.views(), 64, shape);
    for (int step = 1; step <= 4; ++step) {
        g.fill_normal(90 + unsigned(step));
        gpu.step(g.const_views());
    }
    return p.values;
}

}  // namespace

TEMPLATE_TEST_CASE("cuda (emulated): kernel bodies == CPU backend, every chain shape", "[backends][cuda]", float,
                   double) {
    using T = TestType;
    SECTION("seed chain, one pass, one block per chunk") {
        check_emulated_equals_cpu<T>(clip_value(1) | adam() | lr(0.1) | cautious() | weight_decay(1e-4), {0, 32}, 256);
    }
    SECTION("seed chain with normalized cautious, grid-stride over chunks") {
        check_emulated_equals_cpu<T>(clip_value(1) | adam() | lr(0.1) | cautious(normalized) | weight_decay(1e-4),
                                     {3, 64}, 40);
    }
    SECTION("materialized plan") { check_emulated_equals_cpu<T>(adam() | clip_norm(0.5) | lr(0.01), {2, 16}, 100); }
    SECTION("three passes") {
        check_emulated_equals_cpu<T>(
            clip_norm(2.0, global) | rmsprop(0.9, 1e-8, centered) | cautious(normalized) | nag() | lr(0.01), {5, 8},
            64);
    }
    SECTION("per-slice modules: rows, interleaved columns, strided runs, a fold over slice units after them") {
        check_emulated_equals_cpu<T>(clip_norm(0.5, per_slice(-1)) | adam() | lr(0.1), {0, 32}, 64);
        check_emulated_equals_cpu<T>(centralize(per_slice(0)) | adam() | clip_norm(0.3) | lr(0.1), {3, 64}, 40);
        check_emulated_equals_cpu<T>(ema(0.9) | normalize(1.0, per_slice(1), "std") | clip_norm(1.0, global) | lr(0.1),
                                     {0, 16}, 100);
    }
    SECTION("every elementwise module") {
        check_emulated_equals_cpu<T>(heavy_ball() | ema{.debias = true} | adagrad{.lr_decay = 0.01} | sign() |
                                         weight_decay{.weight_decay = 0.1, .ord = 3} | lr(0.01),
                                     {0, 128}, 512);
    }
}

TEST_CASE("cuda (emulated): the grid size does not change a bit", "[backends][cuda][determinism]") {
    auto const check = [](auto const& c) {
        auto const reference = emulated_run<float>(c, {0, 64});
        CHECK(emulated_run<float>(c, {1, 64}) == reference);
        CHECK(emulated_run<float>(c, {7, 64}) == reference);
        CHECK(emulated_run<float>(c, {0, 64}) == reference);
    };
    check(clip_norm(1.0, global) | adam() | cautious(normalized) | lr(0.01));
    check(centralize(per_slice(0)) | adam() | clip_norm(0.3) | lr(0.01));
}
