// The CUDA backend's kernel bodies over an emulated grid, on the CPU: they must agree with the
// CPU backend for every chain shape, on odd sizes and misaligned tensors, through both the
// 16-byte (quad) and the element path, and give bitwise the same result for any grid size.
#include <catch2/catch.hpp>

#include <tzero/backends/cuda/emulate.hpp>
#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

namespace {

// Sizes that leave tails, a single element, an empty tensor, and tensors that start one
// element past an aligned address (so the quad path is refused for them).
std::vector<std::vector<std::size_t>> const shapes = {{3, 5, 7}, {1}, {0}, {33}, {1000}, {2, 3}};

template <class T>
struct misaligned_params {
    std::vector<std::vector<T>> storage;
    std::vector<tensor_view<T>> views;
    explicit misaligned_params(tzero_test::tensor_list<T> const& init) {
        for (std::size_t t = 0; t < init.values.size(); ++t) {
            std::size_t shift = t % 2;  // every other tensor starts at an odd element
            storage.emplace_back(init.values[t].size() + shift + 4, T(0));
            std::copy(init.values[t].begin(), init.values[t].end(), storage.back().begin() + std::ptrdiff_t(shift));
        }
        for (std::size_t t = 0; t < init.values.size(); ++t)
            views.emplace_back(storage[t].data() + t % 2, init.shapes[t]);
    }
    T at(std::size_t t, std::size_t i) const { return storage[t][i + t % 2]; }
};

template <class T, class Chain>
void check_emulated_equals_cpu(Chain const& c, cuda::launch_shape shape, std::size_t chunk_size) {
    tzero_test::tensor_list<T> p(shapes), g(shapes);
    p.fill_normal(9);
    misaligned_params<T> gpu_params(p);
    optimizer cpu(c, p.views(), optimizer_options{.chunk_size = chunk_size, .parallel_threshold = 0});
    cuda::emulated_optimizer gpu(c, gpu_params.views, chunk_size, shape);
    using P = plan_of<as_chain_t<Chain>>;
    for (int step = 1; step <= 8; ++step) {
        g.fill_normal(70 + unsigned(step), 1.5);
        cpu.step(g.const_views());
        gpu.step(g.const_views());
    }
    double const tol = sizeof(T) == 4 ? 1e-6 : 1e-13;
    for (std::size_t t = 0; t < shapes.size(); ++t)
        for (std::size_t i = 0; i < p.values[t].size(); ++i) {
            INFO("tensor " << t << " element " << i);
            INFO("emulated " << gpu_params.at(t, i) << " cpu " << p.values[t][i]);
            // relative to the parameters' scale (~1): reductions add in another order, and a
            // parameter near zero keeps the absolute accuracy of its neighbours
            REQUIRE(tzero_test::close(gpu_params.at(t, i), p.values[t][i], tol, 1.0));
            for (int s = 0; s < P::state_slots; ++s)
                REQUIRE(tzero_test::close(gpu.state(s, t)[i], cpu.state(s, t)[i], tol, 1.0));
        }
}

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
            clip_norm(2.0, global) | rmsprop(0.9, 1e-8, centered) | cautious(normalized) | nag() | lr(0.01), {5, 8}, 64);
    }
    SECTION("every elementwise module") {
        check_emulated_equals_cpu<T>(heavy_ball() | ema{.debias = true} | adagrad{.lr_decay = 0.01} | sign() |
                                         weight_decay{.weight_decay = 0.1, .ord = 3} | lr(0.01),
                                     {0, 128}, 512);
    }
}

TEMPLATE_TEST_CASE("cuda (emulated): every module, behind adam, through the kernel bodies", "[backends][cuda]", float,
                   double) {
    auto one = [](auto const& m) {
        INFO("module " << std::remove_cvref_t<decltype(m)>::name);
        check_emulated_equals_cpu<TestType>(adam() | m | lr(0.5), {3, 32}, 48);
    };
    tzero_test::for_each_module_under_test(one);
}

TEST_CASE("cuda (emulated): the grid size does not change a bit", "[backends][cuda][determinism]") {
    auto const c = clip_norm(1.0, global) | adam() | cautious(normalized) | lr(0.01);
    auto const reference = emulated_run<float>(c, {0, 64});
    CHECK(emulated_run<float>(c, {1, 64}) == reference);
    CHECK(emulated_run<float>(c, {7, 64}) == reference);
    CHECK(emulated_run<float>(c, {0, 64}) == reference);
}
