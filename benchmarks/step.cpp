// A first measurement of one optimizer step at 2^24 fp32 elements: tzero's fused chains next to
// the same-pattern ceiling (a loop that reads and writes exactly the plan's streams with trivial
// arithmetic), all in the same run. Counters: ns per element and bytes the plan moves per second.
// Threads follow OMP_NUM_THREADS. Run: build/benchmarks/bench_step
#include <benchmark/benchmark.h>

#include <cstddef>
#include <vector>

#include <tzero/tzero.hpp>

using namespace tzero;

namespace {

constexpr std::size_t n = std::size_t(1) << 24;

void report(benchmark::State& state, std::size_t bytes_per_element) {
    state.counters["ns_per_elem"] = benchmark::Counter(double(n) * double(state.iterations()) * 1e-9,
                                                       benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    state.counters["GB/s"] = benchmark::Counter(double(n * bytes_per_element) * double(state.iterations()) * 1e-9,
                                                benchmark::Counter::kIsRate);
}

template <class Chain>
void tzero_step(benchmark::State& state, Chain chain) {
    std::vector<float> p(n, 1.0f), g(n, 0.5f);
    optimizer opt(chain, std::vector{tensor_view<float>(p.data(), {n})});
    tensor_view<float const> gv(g.data(), {n});
    for (auto _ : state) {
        opt.step(std::span(&gv, 1));
        benchmark::ClobberMemory();
    }
    report(state, plan_of<as_chain_t<Chain>>::template bytes_per_element<float>);
}

// The same-pattern ceiling of a one-pass, two-slot chain: read p, g, m, v; write p, m, v.
void ceiling_28(benchmark::State& state) {
    std::vector<float> p(n, 1.0f), g(n, 0.5f), m(n), v(n);
    for (auto _ : state) {
#pragma omp parallel for schedule(static)
        for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(n); ++i) {
            float gi = g[std::size_t(i)];
            m[std::size_t(i)] += gi;
            v[std::size_t(i)] += gi;
            p[std::size_t(i)] -= gi;
        }
        benchmark::ClobberMemory();
    }
    report(state, 28);
}

}  // namespace

BENCHMARK(ceiling_28)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(tzero_step, adam_lr, adam() | lr(0.1))->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(tzero_step, seed, clip_value(1) | adam() | lr(0.1) | cautious() | weight_decay(1e-4))
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(tzero_step, seed_normalized,
                  clip_value(1) | adam() | lr(0.1) | cautious(normalized) | weight_decay(1e-4))
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK_MAIN();
