// Shared by the emulated-CUDA tests: parameters that start misaligned, and the check that the
// kernel bodies over an emulated grid agree with the CPU backend.
#pragma once
#include <catch2/catch.hpp>

#include <tzero/backends/cuda/emulate.hpp>
#include <tzero/tzero.hpp>

#include "support.hpp"

namespace tzero_test {

// Sizes that leave tails, a single element, an empty tensor, and tensors that start one
// element past an aligned address (so the quad path is refused for them).
inline std::vector<std::vector<std::size_t>> const shapes = {{3, 5, 7}, {1}, {0}, {33}, {1000}, {2, 3}};

template <class T>
struct misaligned_params {
    std::vector<std::vector<T>> storage;
    std::vector<tzero::tensor_view<T>> views;
    explicit misaligned_params(tensor_list<T> const& init) {
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
void check_emulated_equals_cpu(Chain const& c, tzero::cuda::launch_shape shape, std::size_t chunk_size) {
    tensor_list<T> p(shapes), g(shapes);
    p.fill_normal(9);
    misaligned_params<T> gpu_params(p);
    tzero::optimizer cpu(c, p.views(), tzero::optimizer_options{.chunk_size = chunk_size, .parallel_threshold = 0});
    tzero::cuda::emulated_optimizer gpu(c, gpu_params.views, chunk_size, shape);
    using P = tzero::plan_of<tzero::as_chain_t<Chain>>;
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
            REQUIRE(close(gpu_params.at(t, i), p.values[t][i], tol, 1.0));
            for (int s = 0; s < P::state_slots; ++s) REQUIRE(close(gpu.state(s, t)[i], cpu.state(s, t)[i], tol, 1.0));
        }
}

}  // namespace tzero_test
