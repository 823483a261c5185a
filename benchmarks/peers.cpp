// The peers that run in C++, in the same binary and run as tzero:
//   hand/<chain>     the chain fused by hand: one OpenMP + simd loop per pass, plain scalar code,
//                    compiled with -fno-math-errno so that gcc vectorizes sqrt (the best a person
//                    would write by hand)
//   xtensor/<chain>  the chain as one xtensor expression per module, each assigned to a
//                    container: what a user of xtensor writes (XTENSOR_USE_OPENMP, xsimd on)
// Bytes counted are the plan's (what the math must move), so GB/s compare across rows.
#include <algorithm>
#include <cmath>
#include <cstddef>

#include <xtensor/xmath.hpp>
#include <xtensor/xtensor.hpp>

#include "common.hpp"

using tzero_bench::report;

namespace {

constexpr float beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f, rate = 0.1f, decay = 1e-4f;

struct adam_scalars {
    float numerator;
    explicit adam_scalars(long t)
        : numerator(float(std::sqrt(1 - std::pow(0.999, double(t))) / (1 - std::pow(0.9, double(t))))) {}
};

// clip_value(1) (when Clip) | adam() | lr(0.1) on one element; m and v are updated in place.
template <bool Clip>
inline float hand_adam(float g, float& m, float& v, float k) {
    float u = Clip ? (g < -1.f ? -1.f : (g > 1.f ? 1.f : g)) : g;
    m = m + (1 - beta1) * (u - m);
    v = beta2 * v + (1 - beta2) * u * u;
    return rate * (k * m / (std::sqrt(v) + eps));
}

template <bool Seed>
void hand_one_pass(benchmark::State& state) {
    std::size_t const n = std::size_t(state.range(0));
    tzero_bench::adam_streams s(n);
    float *P = s.p, *M = s.m, *V = s.v;
    float const* G = s.g;
    long t = 0;
    for (auto _ : state) {
        float const k = adam_scalars(++t).numerator;
#pragma omp parallel for simd schedule(static)
        for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(n); ++i) {
            float gi = G[i], u = hand_adam<Seed>(gi, M[i], V[i], k);
            if constexpr (Seed) u = (u * gi > 0 ? u : 0.f) + decay * P[i];
            P[i] -= u;
        }
        benchmark::ClobberMemory();
    }
    report(state, n, 28);
}

void hand_seed_normalized(benchmark::State& state) {
    std::size_t const n = std::size_t(state.range(0));
    tzero_bench::adam_streams s(n);
    float *P = s.p, *M = s.m, *V = s.v;
    float const* G = s.g;
    long t = 0;
    for (auto _ : state) {
        float const k = adam_scalars(++t).numerator;
        int kept = 0;
#pragma omp parallel
        {
#pragma omp for simd schedule(static) reduction(+ : kept)
            for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(n); ++i) {
                float mi = M[i], vi = V[i];  // recomputed, not stored: the first pass only counts
                kept += hand_adam<true>(G[i], mi, vi, k) * G[i] > 0;
            }
            float const mean = float(kept) / float(n), scale = 1 / (mean > 1e-6f ? mean : 1e-6f);
#pragma omp for simd schedule(static)
            for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(n); ++i) {
                float gi = G[i], u = hand_adam<true>(gi, M[i], V[i], k);
                P[i] -= (u * gi > 0 ? u * scale : 0.f) + decay * P[i];
            }
        }
        benchmark::ClobberMemory();
    }
    report(state, n, 40);
}

using vec = xt::xtensor<float, 1>;

template <int Chain>  // 0: adam | lr, 1: seed, 2: seed with normalized cautious
void xtensor_chain(benchmark::State& state) {
    std::size_t const n = std::size_t(state.range(0));
    vec p = xt::ones<float>({n}), g = xt::full_like(p, 0.5f), m = xt::zeros<float>({n}), v = xt::zeros<float>({n});
    vec u = xt::zeros<float>({n}), mask = xt::zeros<float>({n});
    long t = 0;
    for (auto _ : state) {
        float const k = adam_scalars(++t).numerator;
        if constexpr (Chain == 0) u = g;
        else u = xt::clip(g, -1.f, 1.f);
        m = beta1 * m + (1 - beta1) * u;
        v = beta2 * v + (1 - beta2) * u * u;
        u = k * m / (xt::sqrt(v) + eps);
        u = rate * u;
        if constexpr (Chain > 0) {
            mask = xt::cast<float>(u * g > 0.f);
            if constexpr (Chain == 2) mask = mask / std::max(float(xt::mean(mask)()), 1e-6f);
            u = u * mask;
            u = u + decay * p;
        }
        p = p - u;
        benchmark::ClobberMemory();
    }
    report(state, n, Chain == 2 ? 40 : 28);
}

}  // namespace

BENCHMARK(hand_one_pass<false>)->Name("hand/adam_lr")->Apply(tzero_bench::sizes);
BENCHMARK(hand_one_pass<true>)->Name("hand/seed")->Apply(tzero_bench::sizes);
BENCHMARK(hand_seed_normalized)->Name("hand/seed_normalized")->Apply(tzero_bench::sizes);
BENCHMARK(xtensor_chain<0>)->Name("xtensor/adam_lr")->Apply(tzero_bench::sizes);
BENCHMARK(xtensor_chain<1>)->Name("xtensor/seed")->Apply(tzero_bench::sizes);
BENCHMARK(xtensor_chain<2>)->Name("xtensor/seed_normalized")->Apply(tzero_bench::sizes);
