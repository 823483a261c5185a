/// @file tzero/backends/cpu/chunk.hpp
/// The CPU backend's inner loop: one pass over a range of one tensor, xsimd batches with a
/// scalar tail, each element through the shared pass body (core/pass.hpp), the reduce terms
/// summed in SIMD lanes and flushed to double every 16 batches; and the memory of one step.
#pragma once
#include <algorithm>
#include <cstddef>
#include <type_traits>
#include <vector>

#include <tzero/backends/cpu/simd.hpp>
#include <tzero/core/evaluate.hpp>
#include <tzero/core/layout.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/pass.hpp>
#include <tzero/core/plan.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/core/slices.hpp>

// after every include: the region covers this header only (core/detail/simd_warnings_push.hpp)
#include <tzero/core/detail/simd_warnings_push.hpp>

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
    bool zero_nonfinite = false;        ///< read NaN and ±inf gradient elements as 0
    /// When set (only where `first_pass_checks_gradients`), the first pass counts NaN and ±inf
    /// gradient elements per chunk here, and the step stops after it if there is any.
    std::vector<std::size_t>* chunk_nonfinite = nullptr;
    bool stopped = false;             ///< the step stopped after its first pass (see `chunk_nonfinite`)
    double loss = __builtin_nan("");  ///< the step's loss, for reduce modules that read it (set by `run_step`)
    /// For a chain with a per-slice module: the slices, per slice the module's sums (its terms)
    /// and its finalized values (output o of slice s at `o * slices + s`). `chunk_sums` then
    /// holds at least one row per slice item too.
    slice_layout const* slices = nullptr;
    std::vector<double>* slice_sums = nullptr;
    std::vector<T>* slice_values = nullptr;
    T* snapshot = nullptr;          ///< a closure step's snapshot (tensor_streams::snapshot), laid out as `state`
    T const* curvature = nullptr;   ///< the step's curvature estimate (tensor_streams::curvature), as one slot
    double* dense_state = nullptr;  ///< a dense stage's persistent doubles (core/dense.hpp)
    double* dense_work = nullptr;   ///< its input u, the parameters and the gradient (n each), then its temporaries
};

/// Can the first pass find non-finite gradients before anything is written? It can when it reads
/// the gradient and writes no state (only the last pass writes parameters, and scratch is
/// internal): a chain cut by a reduce module, planned to recompute. Then the raise and skip
/// policies cost no extra read; otherwise they read the gradients once before the step.
template <class Chain, handoff H = plan_of<Chain>::chosen>
inline constexpr bool first_pass_checks_gradients = plan_of<Chain>::reductions > 0 &&
                                                    plan_of<Chain>::loads_grad(H, 0) &&
                                                    !plan_of<Chain>::writes_state(H, 0) &&
                                                    !plan_of<Chain>::reads_scratch(H, 0) &&
                                                    !plan_of<Chain>::iterates_slices(0);

namespace detail {

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

template <class T>
tensor_streams<T> streams_of(step_memory<T> const& mem, std::size_t tensor) {
    std::size_t const off = mem.layout.offsets[tensor];
    return {mem.params[tensor],
            mem.grads[tensor],
            mem.state + off,
            mem.layout.padded_total,
            mem.scratch ? mem.scratch + off : nullptr,
            tensor,
            mem.zero_nonfinite,
            mem.snapshot ? mem.snapshot + off : nullptr,
            mem.curvature ? mem.curvature + off : nullptr};
}

/// Runs pass `Pass` over elements [begin, end) of one tensor and writes the sums of the reduce
/// terms to `sums` (nothing for the last pass). With `Count`, adds the number of NaN and ±inf
/// gradient elements to `nonfinite`.
template <std::size_t Pass, handoff H, bool Count, class Chain, class T>
void run_chunk(Chain const& chain, step_coeffs<Chain> const& coeffs, tensor_streams<T> const& at,
               T const* reduced_values, std::size_t begin, std::size_t end, std::size_t& nonfinite, double* sums) {
    // Local copies: SIMD stores may alias anything, so hyperparameters read through references
    // would be reloaded and re-broadcast for every batch; these never escape, so they stay in
    // registers and their conversions to T are hoisted out of the loop.
    using P = plan_of<Chain>;
    Chain const c = chain;
    step_coeffs<Chain> const k = coeffs;
    tensor_streams<T> const m = at;
    T reduced[P::reduced_width > 0 ? P::reduced_width : 1] = {};
    if constexpr (P::reduced_width > 0)
        for (std::size_t r = 0; r < P::reduced_width; ++r) reduced[r] = reduced_values[r];
    constexpr int K = P::terms_of_pass(Pass), KN = pass_terms_1<Chain, Pass>;
    auto body = [&]<class V>(std::type_identity<V>, std::size_t i, V& bad) {
        return pass_body<Pass, H, Count>(c, k, m, reduced, i, bad);
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

}  // namespace detail
}  // namespace tzero::cpu

#include <tzero/core/detail/simd_warnings_pop.hpp>
