// Shared by the benchmark translation units: the problem sizes and the counters every row reports.
#pragma once
#include <benchmark/benchmark.h>

#include <cstddef>
#include <vector>

namespace tzero_bench {

/// ns per element and the effective bandwidth of `bytes_per_element` (what the plan must move).
inline void report(benchmark::State& state, std::size_t n, double bytes_per_element) {
    double const elements = double(n) * double(state.iterations());
    state.counters["ns_per_elem"] =
        benchmark::Counter(elements * 1e-9, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    state.counters["bytes_per_elem"] = bytes_per_element;
    state.counters["GBps"] = benchmark::Counter(elements * bytes_per_element * 1e-9, benchmark::Counter::kIsRate);
}

/// Streams of n floats, first-touched in parallel so pages spread as the compute will use them.
inline std::vector<float> stream(std::size_t n, float value) {
    std::vector<float> v(n);
    float* data = v.data();
#pragma omp parallel for schedule(static)
    for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(n); ++i) data[i] = value;
    return v;
}

/// The four streams of a one-pass two-slot chain (p, g, m, v), owned, with raw pointers for loops.
struct adam_streams {
    std::vector<float> p_, g_, m_, v_;
    float *p, *m, *v;
    float const* g;
    explicit adam_streams(std::size_t n)
        : p_(stream(n, 1)),
          g_(stream(n, 0.5f)),
          m_(stream(n, 0)),
          v_(stream(n, 0)),
          p(p_.data()),
          m(m_.data()),
          v(v_.data()),
          g(g_.data()) {}
};

/// The ceiling's trivial arithmetic on element i: read p, g, m, v, write p, m, v.
inline void trivial_update(adam_streams& s, std::ptrdiff_t i) {
    float gi = s.g[i];
    s.m[i] += gi;
    s.v[i] -= gi;
    s.p[i] -= 0.5f * gi;
}

/// Every row runs at 2^20 and 2^24 elements: `BENCHMARK(f)->Apply(tzero_bench::sizes)`.
inline void sizes(benchmark::internal::Benchmark* b) {
    b->Arg(1 << 20)->Arg(1 << 24)->UseRealTime()->Unit(benchmark::kMicrosecond);
}

}  // namespace tzero_bench
