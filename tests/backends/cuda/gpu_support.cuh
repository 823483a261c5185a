// Shared by the GPU parity test's translation units (gpu.cu, and gpu_modules.cu built as shards):
// the CUDA optimizer on the device against the same kernel bodies emulated on the host.
#pragma once
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include <tzero/backends/cuda/optimizer.cuh>
#include <tzero/modules/adaptive/adam.hpp>
#include <tzero/modules/adaptive/rmsprop.hpp>
#include <tzero/modules/clipping/clip_norm.hpp>
#include <tzero/modules/clipping/clip_value.hpp>
#include <tzero/modules/momentum/cautious.hpp>
#include <tzero/modules/momentum/nag.hpp>
#include <tzero/modules/step_size/lr.hpp>
#include <tzero/modules/weight_decay/weight_decay.hpp>

#include "modules_under_test.hpp"

// Not at global scope (nor in an unnamed namespace, which is as good as global): nvcc appends
// CUDA's math function definitions to the translation unit, and `exp` there would also name
// tzero's module.
namespace gpu_test {
using namespace tzero;

inline int failures = 0;
inline void expect(bool ok, char const* what) {
    if (!ok) {
        std::printf("FAILED: %s\n", what);
        ++failures;
    }
}

inline std::vector<std::size_t> const sizes = {105, 1, 0, 33, 100000, 6};

inline std::vector<float> normal(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> d(0, 1.5f);
    std::vector<float> v(n);
    for (auto& x : v) x = d(rng);
    return v;
}

// Runs `chain` 8 steps on the GPU (every other tensor one element past an aligned address) and
// on the emulated grid; returns the largest relative difference of parameters and state.
template <class Chain>
double gpu_vs_emulated(Chain const& chain, cuda::cuda_options options, std::vector<std::vector<float>>* out = nullptr) {
    std::size_t total = 0;
    for (auto s : sizes) total += s + 2;
    float *dp = nullptr, *dg = nullptr;
    cuda::check(cudaMalloc(&dp, total * sizeof(float)), "malloc");
    cuda::check(cudaMalloc(&dg, total * sizeof(float)), "malloc");
    std::vector<std::vector<float>> host_p, host_g(sizes.size());
    std::vector<tensor_view<float>> dev_params, host_params;
    std::vector<tensor_view<float const>> dev_grads, host_grads;
    std::size_t at = 0;
    for (std::size_t t = 0; t < sizes.size(); ++t) {
        std::size_t start = at + t % 2;
        host_p.push_back(normal(sizes[t], unsigned(t)));
        cuda::check(cudaMemcpy(dp + start, host_p[t].data(), sizes[t] * sizeof(float), cudaMemcpyHostToDevice), "copy");
        dev_params.emplace_back(dp + start, std::vector{sizes[t]});
        dev_grads.emplace_back(dg + start, std::vector{sizes[t]});
        at += sizes[t] + 2;
    }
    for (std::size_t t = 0; t < sizes.size(); ++t) host_params.emplace_back(host_p[t].data(), std::vector{sizes[t]});
    cuda::optimizer gpu(chain, dev_params, options);
    cuda::emulated_optimizer emulated(chain, host_params, options.chunk_size, options.shape);
    for (int step = 1; step <= 8; ++step) {
        host_grads.clear();
        for (std::size_t t = 0; t < sizes.size(); ++t) {
            host_g[t] = normal(sizes[t], 100 * unsigned(step) + unsigned(t));
            cuda::check(cudaMemcpy(const_cast<float*>(dev_grads[t].data), host_g[t].data(), sizes[t] * sizeof(float),
                                   cudaMemcpyHostToDevice),
                        "copy");
            host_grads.emplace_back(host_g[t].data(), std::vector{sizes[t]});
        }
        gpu.step(dev_grads);
        emulated.step(host_grads);
    }
    double worst = 0;
    for (std::size_t t = 0; t < sizes.size(); ++t) {
        std::vector<float> back(sizes[t]);
        cuda::check(cudaMemcpy(back.data(), dev_params[t].data, sizes[t] * sizeof(float), cudaMemcpyDeviceToHost),
                    "copy");
        for (std::size_t i = 0; i < sizes[t]; ++i)
            worst = std::max(worst,
                             std::abs(double(back[i]) - host_p[t][i]) / std::max(1e-3, std::abs(double(host_p[t][i]))));
        for (int s = 0; s < decltype(gpu)::plan::state_slots; ++s) {
            auto dev_state = gpu.state(s, t);
            auto host_state = emulated.state(s, t);
            for (std::size_t i = 0; i < sizes[t]; ++i)
                worst = std::max(worst, std::abs(double(dev_state[i]) - host_state[i]) /
                                            std::max(1e-3, std::abs(double(host_state[i]))));
        }
        if (out) out->push_back(back);
    }
    cudaFree(dp);
    cudaFree(dg);
    return worst;
}

/// The largest relative difference of `chain`'s GPU steps from the emulated ones, printed with
/// the chain's description when it is not below 1e-5.
template <class Chain>
double differs_by(Chain const& chain, cuda::cuda_options const& o) {
    double const d = gpu_vs_emulated(chain, o);
    if (d >= 1e-5) std::printf("cuda: %s differs by %.3g\n", describe(as_chain(chain)).c_str(), d);
    return d;
}

/// The launch shape of the every-module checks: a grid-stride loop over small chunks.
inline cuda::cuda_options const grid_stride{.chunk_size = 1000, .shape = {7, 128}};

/// The every-module checks of the shards (gpu_modules.cu): each shard's translation unit adds
/// one function that returns its largest relative difference.
inline std::vector<double (*)()>& module_shards() {
    static std::vector<double (*)()> shards;
    return shards;
}

}  // namespace gpu_test
