/// @file tzero/backends/cpu/executor.hpp
/// The CPU backend: one fused loop per pass of the plan, xsimd batches with a scalar tail,
/// OpenMP over the chunk list of all parameters.
///
/// A step is one parallel region. Each pass is an `omp for` over the chunks of every tensor
/// (multi-tensor: one loop for the whole parameter list); a pass that ends at a reduce module
/// sums its reduce term per chunk (in SIMD lanes, flushed to double every 16 batches), then one
/// thread folds the chunk sums per tensor and over tensors in a fixed order and finalizes them,
/// and the barrier publishes the result to the next pass. No module writes a temporary: the
/// update lives in registers from the load of the gradient to the store of the parameter.
/// The backend knows passes and streams, never module names.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>

#include <xsimd/xsimd.hpp>

#include <tzero/core/evaluate.hpp>
#include <tzero/core/layout.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/plan.hpp>
#include <tzero/core/reduction.hpp>

namespace tzero::cpu {

/// Raw pointers of one step: one per tensor for parameters and gradients; one buffer of
/// `layout.padded_total` elements per state slot, back to back; scratch for materialized plans.
template <class T>
struct step_memory {
    tzero::layout const& layout;
    T* const* params;
    T const* const* grads;
    T* state;
    T* scratch;
    std::vector<double>& chunk_sums;    ///< per chunk, `plan::max_terms` sums
    std::vector<T>& reduced;            ///< per tensor, `plan::reduced_width` finalized values
    std::vector<double>& reduce_state;  ///< per tensor (at least one row), `plan::reduce_slots` scalars
    bool zero_nonfinite = false;      ///< read NaN and ±inf gradient elements as 0
    /// When set (only where `first_pass_checks_gradients`), the first pass counts NaN and ±inf
    /// gradient elements per chunk here, and the step stops after it if there is any.
    std::vector<std::size_t>* chunk_nonfinite = nullptr;
    bool stopped = false;  ///< the step stopped after its first pass (see `chunk_nonfinite`)
    double loss = __builtin_nan("");  ///< the step's loss, for reduce modules that read it (set by `run_step`)
};

/// Can the first pass find non-finite gradients before anything is written? It can when it reads
/// the gradient and writes no state (only the last pass writes parameters, and scratch is
/// internal): a chain cut by a reduce module, planned to recompute. Then the raise and skip
/// policies cost no extra read; otherwise they read the gradients once before the step.
template <class Chain, handoff H = plan_of<Chain>::chosen>
inline constexpr bool first_pass_checks_gradients =
    plan_of<Chain>::reductions > 0 && plan_of<Chain>::loads_grad(H, 0) && !plan_of<Chain>::writes_state(H, 0) &&
    !plan_of<Chain>::reads_scratch(H, 0);

namespace detail {

template <class V, class T>
inline V load_elements(T const* p) {
    if constexpr (std::is_arithmetic_v<V>) return *p;
    else return V::load_unaligned(p);
}
template <class V, class T>
inline void store_elements(T* p, V const& v) {
    if constexpr (std::is_arithmetic_v<V>) *p = v;
    else v.store_unaligned(p);
}

/// Term `j`'s lanes folded into one value (`F` says whether by a sum or a maximum).
template <class F, class T, class A>
double fold_lanes(int j, xsimd::batch<T, A> const& v) {
    if (!F::is_max(j)) return double(xsimd::hadd(v));
    alignas(A::alignment()) T lanes[xsimd::batch<T, A>::size];
    v.store_aligned(lanes);
    T m = lanes[0];
    for (T x : lanes) m = math::max(m, x);
    return double(m);
}

/// Runs pass `Pass` over elements [begin, end) of one tensor and writes the sums of the reduce
/// terms to `sums` (nothing for the last pass). Pointers are already offset to the tensor. With
/// `Count`, adds the number of NaN and ±inf gradient elements to `nonfinite`.
template <std::size_t Pass, handoff H, bool Count, class Chain, class T>
void run_chunk(Chain const& chain, step_coeffs<Chain> const& coeffs, T* p, T const* g, T* state, std::size_t stride,
                 T* scratch, T const* reduced_values, std::size_t tensor, std::size_t begin, std::size_t end,
                 bool zero_nonfinite, std::size_t& nonfinite, double* sums) {
    // Local copies: SIMD stores may alias anything, so hyperparameters read through references
    // would be reloaded and re-broadcast for every batch; these never escape, so they stay in
    // registers and their conversions to T are hoisted out of the loop.
    using P = plan_of<Chain>;
    Chain const c = chain;
    step_coeffs<Chain> const k = coeffs;
    T reduced[P::reduced_width > 0 ? P::reduced_width : 1] = {};
    if constexpr (P::reduced_width > 0)
        for (std::size_t r = 0; r < P::reduced_width; ++r) reduced[r] = reduced_values[r];
    constexpr std::size_t first = P::pass_begin(H, Pass), last_module = P::pass_end(Pass);
    constexpr bool last = Pass == P::reductions;
    constexpr int s0 = P::slot_offset[first], s1 = P::slot_offset[last_module], s_read = P::read_slots_end(Pass);
    constexpr bool load_g = P::loads_grad(H, Pass), load_p = P::loads_param(H, Pass);
    constexpr bool from_scratch = P::reads_scratch(H, Pass), to_scratch = !last && H == handoff::materialize;
    constexpr bool write_state = P::writes_state(H, Pass);

    static_assert(!Count || load_g, "tzero: internal: only a pass that reads the gradient can count its NaNs");
    constexpr int K = P::terms_of_pass(Pass), KN = K > 0 ? K : 1;

    auto body = [&]<class V>(std::type_identity<V>, std::size_t i, V& bad) -> terms<V, KN> {
        V gv = load_g ? load_elements<V>(g + i) : V(0);
        if constexpr (Count) bad += math::select(math::isfinite(gv), V(0), V(1));
        if (load_g && zero_nonfinite) gv = math::select(math::isfinite(gv), gv, V(0));
        V pv = load_p ? load_elements<V>(p + i) : V(0);
        V u = from_scratch ? load_elements<V>(scratch + i) : gv;
        V s[P::state_slots > 0 ? P::state_slots : 1];
        for (int j = s0; j < s_read; ++j) s[j] = load_elements<V>(state + std::size_t(j) * stride + i);
        position const at{i, std::uint32_t(tensor)};
        u = evaluate<first, last_module>(c, k, u, gv, pv, s, reduced, at);
        terms<V, KN> term{};
        if constexpr (last) {
            store_elements(p + i, V(pv - u));
        } else {
            term = reduce_term<last_module>(c, k, u, gv, pv, s, at);
            if constexpr (to_scratch) store_elements(scratch + i, u);
        }
        if constexpr (write_state)
            for (int j = s0; j < s1; ++j) store_elements(state + std::size_t(j) * stride + i, s[j]);
        return term;
    };

    using batch = xsimd::batch<T>;
    constexpr std::size_t width = batch::size;
    constexpr std::size_t flush_every = 16 * width;  // short lane sums: float error stays ~16 ulps
    using F = pass_fold<Chain, Pass>;
    double sum[KN] = {};
    F::reset(sum);
    std::size_t i = begin;
    while (i + width <= end) {
        std::size_t stop = std::min(end, i + flush_every);
        batch acc[KN], bad(T(0));  // at most 16 a lane: counted exactly
        F::reset(acc);
        for (; i + width <= stop; i += width) F::combine_all(acc, body(std::type_identity<batch>{}, i, bad));
        for (int j = 0; j < K; ++j) sum[j] = F::combine(j, sum[j], fold_lanes<F>(j, acc[j]));
        if constexpr (Count) nonfinite += std::size_t(xsimd::hadd(bad));
    }
    for (; i < end; ++i) {
        T bad(0);
        auto const term = body(std::type_identity<T>{}, i, bad);
        for (int j = 0; j < K; ++j) sum[j] = F::combine(j, sum[j], double(term[j]));
        if constexpr (Count) nonfinite += std::size_t(bad);
    }
    for (int j = 0; j < K; ++j) sums[j] = sum[j];
}

/// Runs pass `Pass` (inside the step's parallel region); false when the step must stop after it
/// (`Count`: it found non-finite gradients). Every thread returns the same answer.
template <std::size_t Pass, handoff H, bool Count, class Chain, class T>
bool run_pass(Chain const& c, step_coeffs<Chain> const& k, step_memory<T>& mem, long step) {
    using P = plan_of<Chain>;
    auto const& L = mem.layout;
    std::ptrdiff_t const chunks = std::ptrdiff_t(L.chunks.size());
#pragma omp for schedule(static)
    for (std::ptrdiff_t ci = 0; ci < chunks; ++ci) {
        chunk const& ch = L.chunks[std::size_t(ci)];
        std::size_t const off = L.offsets[ch.tensor];
        std::size_t bad = 0;
        run_chunk<Pass, H, Count>(c, k, mem.params[ch.tensor], mem.grads[ch.tensor], mem.state + off, L.padded_total,
                                  mem.scratch ? mem.scratch + off : nullptr, mem.reduced.data() + ch.tensor * P::reduced_width,
                                  ch.tensor, ch.begin, ch.end, mem.zero_nonfinite, bad,
                                  mem.chunk_sums.data() + std::size_t(ci) * P::max_terms);
        if constexpr (Count) (*mem.chunk_nonfinite)[std::size_t(ci)] = bad;
    }
    if constexpr (Pass < P::reductions) {
#pragma omp single
        {
            if constexpr (Count)
                for (std::size_t bad : *mem.chunk_nonfinite) mem.stopped |= bad != 0;
            if (!mem.stopped)
                finalize_reduction<Pass>(c, reduction_memory<T>{mem.chunk_sums.data(), L.first_chunk.data(),
                                                                L.sizes.data(), L.sizes.size(), mem.reduced.data(),
                                                                mem.reduce_state.data(), step, mem.loss});
        }  // its barrier publishes `stopped` to every thread
    }
    return !mem.stopped;
}

}  // namespace detail

/// Per-chunk counts summed per tensor.
inline std::vector<std::size_t> per_tensor(layout const& l, std::vector<std::size_t> const& per_chunk) {
    std::vector<std::size_t> sums(l.sizes.size());
    for (std::size_t t = 0; t < l.sizes.size(); ++t)
        for (std::size_t ci = l.first_chunk[t]; ci < l.first_chunk[t + 1]; ++ci) sums[t] += per_chunk[ci];
    return sums;
}

/// NaN and ±inf elements of every gradient, per tensor: one read of the gradients, chunk by
/// chunk (the pre-pass of the raise and skip policies where the first pass cannot count them).
template <class T>
std::vector<std::size_t> count_nonfinite(layout const& l, T const* const* grads, bool parallel) {
    using batch = xsimd::batch<T>;
    std::vector<std::size_t> per_chunk(l.chunks.size());
    std::ptrdiff_t const chunks = std::ptrdiff_t(l.chunks.size());
#pragma omp parallel for schedule(static) if (parallel)
    for (std::ptrdiff_t ci = 0; ci < chunks; ++ci) {
        chunk const& ch = l.chunks[std::size_t(ci)];
        T const* g = grads[ch.tensor];
        std::size_t bad = 0, i = ch.begin;
        for (; i + batch::size <= ch.end; i += batch::size) {
            batch v = batch::load_unaligned(g + i);
            bad += std::size_t(xsimd::hadd(math::select(math::isfinite(v), batch(T(0)), batch(T(1)))));
        }
        for (; i < ch.end; ++i) bad += !math::isfinite(g[i]);
        per_chunk[std::size_t(ci)] = bad;
    }
    return per_tensor(l, per_chunk);
}

/// One optimizer step `t` (1-based) of chain `c` over `mem`, every pass in one parallel region;
/// `loss` is the step's loss for the modules that read it.
/// `H` is the plan's choice unless a test forces the other handoff (the results must agree).
/// Returns false when the first pass found non-finite gradients (`mem.chunk_nonfinite`) and the
/// step stopped before writing anything.
template <class Chain, class T, handoff H = plan_of<Chain>::chosen>
bool run_step(Chain const& c, long t, step_memory<T>& mem, bool parallel, double loss = __builtin_nan("")) {
    using P = plan_of<Chain>;
    auto const k = per_step(c, t, loss);
    mem.stopped = false;
    mem.loss = loss;
    auto const passes = [&]<bool Count>(std::bool_constant<Count>) {
#pragma omp parallel if (parallel)
        {
            [&]<std::size_t... Pass>(std::index_sequence<Pass...>) {
                (void)(detail::run_pass<Pass, H, Count && Pass == 0>(c, k, mem, t) && ...);
            }(std::make_index_sequence<P::passes>{});
        }
    };
    if constexpr (first_pass_checks_gradients<Chain, H>) {
        if (mem.chunk_nonfinite) {
            mem.chunk_nonfinite->resize(mem.layout.chunks.size());
            passes(std::true_type{});
            return !mem.stopped;
        }
    }
    passes(std::false_type{});
    return true;
}

}  // namespace tzero::cpu
