// tzero's fused steps next to the ceilings of their memory patterns, in one run.
//   ceiling/28B   reads p, g, m, v and writes p, m, v with trivial arithmetic: a one-pass
//                 two-slot chain's streams, so its bandwidth is what such a chain can reach
//   ceiling/40B   pass 1 reads g, m, v; pass 2 as above: the recomputing two-pass plan's streams
//   triad         a = b + s·c, STREAM's pattern (12 B counted; each store also reads its line)
//   tzero/<chain> the optimizer's step; bytes counted are the plan's bytes_per_element
//   tzero/seed_multi100  the seed chain over 100 tensors of mixed sizes totalling the same n
//   plan/adam_clip_norm_lr/<handoff>  one chain under both handoffs: the traffic model's check
//   slices/<scope>  adam | clip_norm | lr over one (n / 1024) × 1024 matrix, the norm per tensor,
//                 per row (contiguous slices) or per column (interleaved slices): the same plan
//                 bytes, so the ratios are the cost of iterating slices
#include <cstddef>
#include <random>
#include <span>
#include <vector>

#include <tzero/tzero.hpp>

#include "common.hpp"

using namespace tzero;
using tzero_bench::report;
using tzero_bench::stream;

namespace {

auto const adam_lr = adam() | lr(0.1);
auto const seed = clip_value(1) | adam() | lr(0.1) | cautious() | weight_decay(1e-4);
auto const seed_normalized = clip_value(1) | adam() | lr(0.1) | cautious(normalized) | weight_decay(1e-4);

void ceiling_28(benchmark::State& state) {
    std::size_t const n = std::size_t(state.range(0));
    tzero_bench::adam_streams s(n);
    for (auto _ : state) {
#pragma omp parallel for simd schedule(static)
        for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(n); ++i) tzero_bench::trivial_update(s, i);
        benchmark::ClobberMemory();
    }
    report(state, n, 28);
}

void ceiling_40(benchmark::State& state) {
    std::size_t const n = std::size_t(state.range(0));
    tzero_bench::adam_streams s(n);
    int kept = 0;
    for (auto _ : state) {
#pragma omp parallel
        {
#pragma omp for simd schedule(static) reduction(+ : kept)
            for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(n); ++i) kept += s.g[i] + s.m[i] + s.v[i] > 0;
#pragma omp for simd schedule(static)
            for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(n); ++i) tzero_bench::trivial_update(s, i);
        }
        benchmark::DoNotOptimize(kept);
        benchmark::ClobberMemory();
    }
    report(state, n, 40);
}

void triad(benchmark::State& state) {
    std::size_t const n = std::size_t(state.range(0));
    auto a = stream(n, 0), b = stream(n, 1), c = stream(n, 2);
    float* A = a.data();
    float const *B = b.data(), *C = c.data();
    for (auto _ : state) {
#pragma omp parallel for simd schedule(static)
        for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(n); ++i) A[i] = B[i] + 0.5f * C[i];
        benchmark::ClobberMemory();
    }
    report(state, n, 12);
}

// `chain` over one tensor of n elements: a vector, or a matrix of `columns` columns.
template <class Chain>
void tzero_step(benchmark::State& state, Chain chain, std::size_t columns = 0) {
    std::size_t const n = std::size_t(state.range(0));
    auto p = stream(n, 1), g = stream(n, 0.5f);
    std::vector<std::size_t> const shape = columns ? std::vector{n / columns, columns} : std::vector{n};
    optimizer opt(chain, std::vector{tensor_view<float>(p.data(), shape)});
    tensor_view<float const> gv(g.data(), shape);
    for (auto _ : state) {
        opt.step(std::span(&gv, 1));
        benchmark::ClobberMemory();
    }
    report(state, n, double(plan_of<as_chain_t<Chain>>::template bytes_per_element<float>));
}

// 100 tensors of mixed sizes (log-uniform between 1 and ~1e6 elements) totalling n.
void tzero_seed_multi100(benchmark::State& state) {
    std::size_t const n = std::size_t(state.range(0));
    std::mt19937 rng(7);
    std::vector<double> weights(100);
    double total = 0;
    for (auto& w : weights) total += (w = std::exp(std::uniform_real_distribution<double>(0, 14)(rng)));
    std::vector<std::size_t> sizes;
    std::size_t used = 0;
    for (std::size_t i = 0; i + 1 < weights.size(); ++i)
        used += sizes.emplace_back(std::size_t(double(n) * weights[i] / total));
    sizes.push_back(n - used);
    std::vector<std::vector<float>> ps, gs;
    std::vector<tensor_view<float>> params;
    std::vector<tensor_view<float const>> grads;
    for (auto s : sizes) {
        ps.push_back(stream(s, 1));
        gs.push_back(stream(s, 0.5f));
        params.emplace_back(ps.back().data(), std::vector{s});
        grads.emplace_back(gs.back().data(), std::vector{s});
    }
    optimizer opt(seed, params);
    for (auto _ : state) {
        opt.step(grads);
        benchmark::ClobberMemory();
    }
    report(state, n, double(plan_of<std::remove_cvref_t<decltype(seed)>>::bytes_per_element<float>));
}

// One chain, both handoffs, through the backend directly: does time follow the model's bytes?
template <handoff H>
void plan_handoff(benchmark::State& state) {
    auto const chain = adam() | clip_norm(0.5) | lr(0.01);
    using C = std::remove_cvref_t<decltype(chain)>;
    using P = plan_of<C>;
    std::size_t const n = std::size_t(state.range(0));
    layout l({n}, std::size_t(1) << 14, 16);
    auto p = stream(n, 1), g = stream(n, 0.5f);
    auto state_buffer = stream(2 * l.padded_total, 0), scratch = stream(l.padded_total, 0);
    std::vector<double> sums(l.chunks.size() * P::max_terms), reduce_state(P::reduce_slots);
    std::vector<float> reduced(P::reduced_width);
    float* pp = p.data();
    float const* gp = g.data();
    cpu::step_memory<float> mem{l, &pp, &gp, state_buffer.data(), scratch.data(), sums, reduced, reduce_state};
    long t = 0;
    for (auto _ : state) {
        cpu::run_step<C, float, H>(chain, ++t, mem, true);
        benchmark::ClobberMemory();
    }
    report(state, n, double(P::template bytes_for<float>(H)));
}

}  // namespace

BENCHMARK(ceiling_28)->Name("ceiling/28B")->Apply(tzero_bench::sizes);
BENCHMARK(ceiling_40)->Name("ceiling/40B")->Apply(tzero_bench::sizes);
BENCHMARK(triad)->Name("triad")->Apply(tzero_bench::sizes);
BENCHMARK_CAPTURE(tzero_step, adam_lr, adam_lr)->Name("tzero/adam_lr")->Apply(tzero_bench::sizes);
BENCHMARK_CAPTURE(tzero_step, seed, seed)->Name("tzero/seed")->Apply(tzero_bench::sizes);
BENCHMARK_CAPTURE(tzero_step, seed_normalized, seed_normalized)
    ->Name("tzero/seed_normalized")
    ->Apply(tzero_bench::sizes);
BENCHMARK(tzero_seed_multi100)->Name("tzero/seed_multi100")->Apply(tzero_bench::sizes);
BENCHMARK(plan_handoff<handoff::recompute>)->Name("plan/adam_clip_norm_lr/recompute")->Apply(tzero_bench::sizes);
BENCHMARK(plan_handoff<handoff::materialize>)->Name("plan/adam_clip_norm_lr/materialize")->Apply(tzero_bench::sizes);
BENCHMARK_CAPTURE(tzero_step, slices_tensor, adam() | clip_norm(0.5) | lr(0.01), 1024)
    ->Name("slices/per_tensor")
    ->Apply(tzero_bench::sizes);
BENCHMARK_CAPTURE(tzero_step, slices_rows, adam() | clip_norm(0.5, per_slice(-1)) | lr(0.01), 1024)
    ->Name("slices/rows")
    ->Apply(tzero_bench::sizes);
BENCHMARK_CAPTURE(tzero_step, slices_columns, adam() | clip_norm(0.5, per_slice(0)) | lr(0.01), 1024)
    ->Name("slices/columns")
    ->Apply(tzero_bench::sizes);

BENCHMARK_MAIN();
