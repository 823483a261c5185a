// The closure path's own cost (issue "catalogue II-a", deliverable 3): L-BFGS (m = 10) with a
// strong-Wolfe search on 2^24 float parameters and a cheap closure, f = ½·Σ a·x² with a = 1 + i mod 5
// (its gradient a·x is one pass: read x, write g), ten steps from the same start per iteration.
// Rows: the closure alone; the steps; the same-pattern ceiling (a read-read-write triad, the
// pattern of a trial p ← p0 − t·d). The optimizer's own time is the steps' minus the closure's
// calls; its bytes are the plan's passes plus each trial's move and slope (describe_plan).
// torch.optim.LBFGS runs the same problem in benchmarks/closure_torch.py (scripts/bench-closure).
#include <benchmark/benchmark.h>

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include <tzero/tzero.hpp>

#include "common.hpp"

namespace {
constexpr std::size_t n = std::size_t(1) << 24;
constexpr int steps = 10;

struct quadratic {
    std::vector<float>& x;
    long calls = 0;
    double operator()(std::span<tzero::tensor_view<float> const> grads) {
        ++calls;
        float const* xs = x.data();
        float* g = grads.empty() ? nullptr : grads[0].data;
        double f = 0;
#pragma omp parallel for schedule(static) reduction(+ : f)
        for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(n); ++i) {
            float const gi = float(1 + i % 5) * xs[i];
            if (g) g[i] = gi;
            f += 0.5 * double(gi) * double(xs[i]);
        }
        return f;
    }
};

std::vector<float> start() {
    std::vector<float> x = tzero_bench::stream(n, 0);
    for (std::size_t i = 0; i < n; ++i) x[i] = float(int(i % 7) - 3) * 0.25f + 0.1f;
    return x;
}

void closure_alone(benchmark::State& state) {
    std::vector<float> x = start(), g = tzero_bench::stream(n, 0);
    tzero::tensor_view<float> gv(g.data(), {n});
    quadratic f{x};
    for (auto _ : state) benchmark::DoNotOptimize(f(std::span(&gv, 1)));
    tzero_bench::report(state, n, 8);
}

void lbfgs_steps(benchmark::State& state) {
    std::vector<float> const x0 = start();
    std::vector<float> x = x0;
    auto const chain = tzero::lbfgs<10>{} | tzero::strong_wolfe();
    long calls = 0, trials_with_gradient = 0;
    using opt_t = tzero::optimizer<tzero::as_chain_t<decltype(chain)>, float>;
    std::optional<opt_t> opt;  // made and freed outside the timed region (1.5 GB of history)
    for (auto _ : state) {
        state.PauseTiming();
        opt.reset();
        std::copy(x0.begin(), x0.end(), x.begin());
        opt.emplace(chain, std::vector{tzero::tensor_view<float>(x.data(), {n})});
        quadratic f{x};
        state.ResumeTiming();
        for (int s = 0; s < steps; ++s) opt->step(f);
        calls += f.calls;
        trials_with_gradient += f.calls - steps;
    }
    double const per_step = double(calls) / double(state.iterations() * steps);
    state.counters["calls_per_step"] = per_step;
    // the plan's passes (describe_plan), then each trial: p ← p0 − t·d (3 streams; the first 4)
    // and −g(t)ᵀd (2 streams)
    using plan = tzero::plan_of<tzero::as_chain_t<decltype(chain)>>;
    double const trials = double(trials_with_gradient) / double(state.iterations() * steps);
    double const bytes =
        double(plan::bytes_per_element<float>) +
        4.0 * (plan::first_trial_streams + (trials - 1) * plan::trial_streams + trials * plan::slope_streams);
    state.counters["own_bytes_per_elem"] = bytes;
    state.counters["steps"] = steps;
    state.SetItemsProcessed(state.iterations() * steps);
}

/// One pass of the same stream pattern as a plan's: `R` streams read, their sum written to `W`
/// streams (or, with none, summed: a dot product's pattern), trivial arithmetic so the loop runs
/// at the memory's pace for that many streams.
template <int R, int W>
double pattern_pass(std::vector<std::vector<float>>& s) {
    float const* in[R];
    float* out[W > 0 ? W : 1];
    for (int r = 0; r < R; ++r) in[r] = s[std::size_t(r)].data();
    for (int w = 0; w < W; ++w) out[w] = s[std::size_t(R + w)].data();
    double total = 0;
#pragma omp parallel for simd schedule(static) reduction(+ : total)  // simd: the streams do not alias
    for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(n); ++i) {
        float sum = 0;
#pragma GCC unroll 64  // unrolled, so that the loop over i is the one vectorized (not a gather over r)
        for (int r = 0; r < R; ++r) sum += in[r][i];
        if constexpr (W == 0) total += double(sum);
#pragma GCC unroll 64
        for (int w = 0; w < W; ++w) out[w][i] = sum;
    }
    return total;
}

/// The L-BFGS step's passes as bare loops over the same streams (describe_plan of lbfgs<10> |
/// strong_wolfe): pass 1 reads g, p, 22 slots and writes scratch; pass 2 reads g, p, scratch,
/// 22 slots and writes 4 slots, their 4 old values and scratch; then the searches' average
/// trials (the first reads p, d and writes p, p0; later ones read p0, d, write p; each gradient
/// trial reads g, d), with `range(0)` trials after the first.
void ceiling_lbfgs_pattern(benchmark::State& state) {
    std::vector<std::vector<float>> s;
    for (int k = 0; k < 34; ++k) s.push_back(tzero_bench::stream(n, 0.001f * float(k)));
    int const later_trials = int(state.range(0));
    for (auto _ : state) {
        pattern_pass<24, 1>(s);
        pattern_pass<25, 9>(s);
        pattern_pass<2, 2>(s);  // the first trial
        for (int t = 0; t < later_trials; ++t) pattern_pass<2, 1>(s);
        for (int t = 0; t < 1 + later_trials; ++t) benchmark::DoNotOptimize(pattern_pass<2, 0>(s));  // −gᵀd
        benchmark::ClobberMemory();
    }
    double const trials = 1 + later_trials;
    tzero_bench::report(state, n, 4.0 * (25 + 34 + 4 + 3 * (trials - 1) + 2 * trials));
}

void ceiling_triad(benchmark::State& state) {
    std::vector<float> a = tzero_bench::stream(n, 1), b = tzero_bench::stream(n, 2), c = tzero_bench::stream(n, 0);
    float* ap = a.data();
    float const *bp = b.data(), *cp = c.data();
    for (auto _ : state) {
#pragma omp parallel for schedule(static)
        for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(n); ++i) ap[i] = bp[i] - 0.5f * cp[i];
        benchmark::ClobberMemory();
    }
    tzero_bench::report(state, n, 12);
}
}  // namespace

BENCHMARK(closure_alone)->Name("closure/quadratic")->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(lbfgs_steps)->Name("tzero/lbfgs_strong_wolfe_10_steps")->UseRealTime()->Unit(benchmark::kMillisecond);
// 1.8 trials a step in the tzero row (2.8 calls: the first evaluation, then the trials): 1 later trial
BENCHMARK(ceiling_lbfgs_pattern)->Name("ceiling/lbfgs_pattern")->Arg(1)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(ceiling_triad)->Name("ceiling/triad")->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
