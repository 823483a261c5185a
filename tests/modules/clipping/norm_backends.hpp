// Shared by the clip_norm and normalize tests of the orders ∞, −∞ and 0: one step of a chain from
// zero parameters on every backend the host runs, and small gradients whose norms are known by hand.
#pragma once
#include <omp.h>
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include <tzero/backends/cuda/emulate.hpp>
#include <tzero/tzero.hpp>

#include "support.hpp"

namespace norm_test {

template <class T>
using tensors = std::vector<std::vector<T>>;

/// The update of one step of `c` from zero parameters for gradients `g`, on each backend: the CPU
/// optimizer (default options: a tensor a chunk, one thread), the CPU optimizer on chunks of 16
/// elements over 3 threads, the reference optimizer (module by module, scalar) and the emulated
/// CUDA kernel bodies (chunks of 16; 2 blocks of 8 threads, and a block of 4 threads a chunk).
template <class T, class C>
std::vector<std::pair<std::string, tensors<T>>> step_on_every_backend(C const& c, tensors<T> const& g) {
    std::vector<std::vector<std::size_t>> shapes;
    std::vector<std::size_t> sizes;
    for (auto const& v : g) {
        shapes.push_back({v.size()});
        sizes.push_back(v.size());
    }
    tzero_test::tensor_list<T> grads(shapes);
    grads.values = g;
    auto const negated = [](tensors<T> p) {
        for (auto& v : p)
            for (auto& x : v) x = -x;
        return p;
    };
    std::vector<std::pair<std::string, tensors<T>>> out;
    {
        tzero_test::tensor_list<T> p(shapes);
        tzero::optimizer opt(c, p.views());
        opt.step(grads.const_views());
        out.emplace_back("cpu", negated(p.values));
    }
    {
        tzero_test::tensor_list<T> p(shapes);
        int const saved = omp_get_max_threads();
        omp_set_num_threads(3);
        tzero::optimizer opt(c, p.views(), tzero::optimizer_options{.chunk_size = 16, .parallel_threshold = 0});
        opt.step(grads.const_views());
        omp_set_num_threads(saved);
        out.emplace_back("cpu, chunks of 16 on 3 threads", negated(p.values));
    }
    {
        tzero_test::tensor_list<T> p(shapes);
        tzero_test::reference_optimizer<tzero::as_chain_t<C>, T> reference(tzero::as_chain(c), sizes);
        reference.step(p.values, g);
        out.emplace_back("reference", negated(p.values));
    }
    for (auto shape : {tzero::cuda::launch_shape{2, 8}, tzero::cuda::launch_shape{0, 4}}) {
        tzero_test::tensor_list<T> p(shapes);
        tzero::cuda::emulated_optimizer gpu(c, p.views(), 16, shape);
        gpu.step(grads.const_views());
        out.emplace_back(
            "emulated cuda, " + std::to_string(shape.blocks) + " blocks of " + std::to_string(shape.threads),
            negated(p.values));
    }
    return out;
}

/// Gradients with known norms:
/// - (3, −4): max|x| 4, min|x| 3, 2 nonzeros;
/// - 37 elements (not a multiple of any SIMD width; 3 chunks of 16) of |x| in [0.5, 1.5] with
///   alternating signs, but x₂₀ = −2.5 and x₃₃ = 0.125: max 2.5, min 0.125, 37 nonzeros;
/// - an empty tensor;
/// - with `zeros`, (0, 2, 0, 0, −1): max 2, min 0, 2 nonzeros.
template <class T>
tensors<T> gradients(bool zeros = true) {
    std::vector<T> wide(37);
    for (std::size_t i = 0; i < wide.size(); ++i) wide[i] = T((i % 2 ? -1 : 1) * (0.5 + 0.25 * double(i % 5)));
    wide[20] = T(-2.5);
    wide[33] = T(0.125);
    tensors<T> g{{T(3), T(-4)}, wide, {}};
    if (zeros) g.push_back({T(0), T(2), T(0), T(0), T(-1)});
    return g;
}

/// Every backend's update is `g` scaled by `factor[t]` in tensor t (NaN where the update must be
/// NaN).
template <class T>
void check_scaled(std::vector<std::pair<std::string, tensors<T>>> const& runs, tensors<T> const& g,
                  std::vector<double> const& factor) {
    for (auto const& [backend, u] : runs) {
        INFO("backend: " << backend);
        REQUIRE(u.size() == g.size());
        for (std::size_t t = 0; t < g.size(); ++t)
            for (std::size_t i = 0; i < g[t].size(); ++i) {
                INFO("tensor " << t << " element " << i << ": " << u[t][i]);
                double const want = double(g[t][i]) * factor[t];
                if (std::isnan(want)) CHECK(std::isnan(double(u[t][i])));
                else CHECK(double(u[t][i]) == Approx(want).epsilon(sizeof(T) == 4 ? 1e-6 : 1e-13));
            }
    }
}

}  // namespace norm_test
