/// @file tzero/backends/cpu/executor.hpp
/// The CPU backend: one fused loop per pass of the plan, xsimd batches with a scalar tail,
/// OpenMP over the chunk list of all parameters (or, from a per-slice module's cut on, over its
/// slice items: core/slices.hpp).
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

#include <tzero/backends/cpu/simd.hpp>
#include <tzero/core/evaluate.hpp>
#include <tzero/core/layout.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/pass.hpp>
#include <tzero/core/plan.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/core/slices.hpp>

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
    /// For a chain with a per-slice module: the slices, per slice the module's sums (its terms)
    /// and its finalized values (output o of slice s at `o * slices + s`). `chunk_sums` then
    /// holds at least one row per slice item too.
    slice_layout const* slices = nullptr;
    std::vector<double>* slice_sums = nullptr;
    std::vector<T>* slice_values = nullptr;
};

/// Can the first pass find non-finite gradients before anything is written? It can when it reads
/// the gradient and writes no state (only the last pass writes parameters, and scratch is
/// internal): a chain cut by a reduce module, planned to recompute. Then the raise and skip
/// policies cost no extra read; otherwise they read the gradients once before the step.
template <class Chain, handoff H = plan_of<Chain>::chosen>
inline constexpr bool first_pass_checks_gradients =
    plan_of<Chain>::reductions > 0 && plan_of<Chain>::loads_grad(H, 0) && !plan_of<Chain>::writes_state(H, 0) &&
    !plan_of<Chain>::reads_scratch(H, 0) && !plan_of<Chain>::iterates_slices(0);

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
    return {mem.params[tensor], mem.grads[tensor], mem.state + off, mem.layout.padded_total,
            mem.scratch ? mem.scratch + off : nullptr, tensor, mem.zero_nonfinite};
}

/// Runs pass `Pass` over elements [begin, end) of one tensor and writes the sums of the reduce
/// terms to `sums` (nothing for the last pass). With `Count`, adds the number of NaN and ±inf
/// gradient elements to `nonfinite`.
template <std::size_t Pass, handoff H, bool Count, class Chain, class T>
void run_chunk(Chain const& chain, step_coeffs<Chain> const& coeffs, tensor_streams<T> const& at, T const* reduced_values,
               std::size_t begin, std::size_t end, std::size_t& nonfinite, double* sums) {
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

/// Pass `Pass` over slices [s0, s1) of a tensor whose slices interleave (geometry `geo`: the
/// middle reduced under kept inner dims; at most `slice_layout::interleaved_width` of them): row
/// by row of the middle, so memory streams as it does for chunks, with one batch lane per slice
/// reading its own value (`values[o * value_stride + j]` for slice s0 + j) and folding its own
/// sums. Each lane sums 16 rows in T, then adds them to its double, as run_chunk's lanes do: a
/// slice's sums do not depend on which lane or item it fell in. Calls `emit(j, sums)` per slice,
/// in order.
template <std::size_t Pass, handoff H, class Chain, class T, class Emit>
void run_interleaved(Chain const& chain, step_coeffs<Chain> const& coeffs, tensor_streams<T> const& at, T const* row,
                     T const* values, std::size_t value_stride, slice_geometry const& geo, std::size_t s0, std::size_t s1,
                     Emit&& emit) {
    using P = plan_of<Chain>;
    using F = pass_fold<Chain, Pass>;
    using batch = xsimd::batch<T>;
    constexpr int K = P::terms_of_pass(Pass), KN = pass_terms_1<Chain, Pass>;
    constexpr int O = reduce_outputs_v<slice_module_t<Chain>>;
    constexpr std::size_t value_at = P::reduced_offset[P::slice_module], B = batch::size;
    constexpr std::size_t most = slice_layout::interleaved_width;
    Chain const c = chain;
    step_coeffs<Chain> const k = coeffs;
    tensor_streams<T> const m = at;
    std::size_t const n = s1 - s0, batches = n / B, base = s0 / geo.inner * geo.middle * geo.inner + s0 % geo.inner;
    // the values every lane reads: the tensor's row, with each lane's own slice values
    batch reduced_b[P::reduced_width];
    T reduced_t[P::reduced_width];
    for (std::size_t r = 0; r < P::reduced_width; ++r) reduced_b[r] = batch(row[r]), reduced_t[r] = row[r];
    batch acc[most / B][KN], bad_b(T(0));
    T acc_t[B][KN], bad_t(0);  // the columns past the last whole batch
    double sum[most][KN] = {};
    for (auto& s : sum) F::reset(s);
    auto const reset = [&] {
        for (std::size_t b = 0; b < batches; ++b) F::reset(acc[b]);
        for (std::size_t j = batches * B; j < n; ++j) F::reset(acc_t[j - batches * B]);
    };
    auto const flush = [&] {  // the T lane sums of the last rows into each slice's double sums
        for (std::size_t b = 0; b < batches; ++b)
            for (int t = 0; t < K; ++t) {
                T part[B];
                math::store(part, acc[b][t]);
                for (std::size_t l = 0; l < B; ++l) sum[b * B + l][t] = F::combine(t, sum[b * B + l][t], double(part[l]));
            }
        for (std::size_t j = batches * B; j < n; ++j)
            for (int t = 0; t < K; ++t) sum[j][t] = F::combine(t, sum[j][t], double(acc_t[j - batches * B][t]));
    };
    reset();
    for (std::size_t r = 0; r < geo.middle; ++r) {
        std::size_t const i = base + r * geo.inner;
        for (std::size_t b = 0; b < batches; ++b) {
            for (int o = 0; o < O; ++o)
                reduced_b[value_at + std::size_t(o)] = batch::load_unaligned(values + std::size_t(o) * value_stride + b * B);
            F::combine_all(acc[b], pass_body<Pass, H, false>(c, k, m, reduced_b, i + b * B, bad_b));
        }
        for (std::size_t j = batches * B; j < n; ++j) {
            for (int o = 0; o < O; ++o) reduced_t[value_at + std::size_t(o)] = values[std::size_t(o) * value_stride + j];
            F::combine_all(acc_t[j - batches * B], pass_body<Pass, H, false>(c, k, m, reduced_t, i + j, bad_t));
        }
        if ((r + 1) % 16 == 0) flush(), reset();  // short lane sums, as in run_chunk
    }
    flush();
    for (std::size_t j = 0; j < n; ++j) emit(j, static_cast<double const*>(sum[j]));
}

/// Pass `Pass` over one work item of a pass that iterates slices (core/slices.hpp): whole
/// slices, each folded alone in element order (`emit(s, sums)` per slice, in order), or the
/// elements of a tensor the per-slice module leaves alone (`emit_range(sums)`).
template <std::size_t Pass, handoff H, class Chain, class T, class Emit, class EmitRange>
void run_slice_item(Chain const& c, step_coeffs<Chain> const& k, step_memory<T> const& mem, slice_item const& item,
                    Emit&& emit, EmitRange&& emit_range) {
    using P = plan_of<Chain>;
    using F = pass_fold<Chain, Pass>;
    constexpr int KN = pass_terms_1<Chain, Pass>;
    constexpr int O = reduce_outputs_v<slice_module_t<Chain>>;
    constexpr std::size_t value_at = P::reduced_offset[P::slice_module];
    slice_layout const& S = *mem.slices;
    slice_geometry const geo = S.geometry[item.tensor];
    std::size_t const first = S.first_slice[item.tensor], total = S.slices();
    tensor_streams<T> const at = streams_of(mem, item.tensor);
    T row[P::reduced_width];
    for (std::size_t r = 0; r < P::reduced_width; ++r) row[r] = mem.reduced[item.tensor * P::reduced_width + r];
    auto const with_value = [&](std::size_t s) {
        for (int o = 0; o < O; ++o) row[value_at + std::size_t(o)] = (*mem.slice_values)[std::size_t(o) * total + s];
    };
    std::size_t nonfinite = 0;
    double sums[KN] = {};
    if (!geo.applies) {
        with_value(first);
        run_chunk<Pass, H, false>(c, k, at, row, item.begin, item.end, nonfinite, sums);
        emit_range(static_cast<double const*>(sums));
    } else if (geo.middle_reduced && geo.inner > 1) {
        run_interleaved<Pass, H>(c, k, at, row, mem.slice_values->data() + first + item.begin, total, geo, item.begin,
                                 item.end, [&](std::size_t j, double const* s) { emit(item.begin + j, s); });
    } else {
        for (std::size_t s = item.begin; s < item.end; ++s) {
            with_value(first + s);
            double sum[KN];
            F::reset(sum);
            // a slice is one run (the middle reduced, nothing inner) or `outer` runs of `inner`
            std::size_t const runs = geo.middle_reduced ? 1 : geo.outer;
            std::size_t const length = geo.middle_reduced ? geo.middle : geo.inner;
            for (std::size_t r = 0; r < runs; ++r) {
                std::size_t const b = geo.middle_reduced ? s * geo.middle : (r * geo.middle + s) * geo.inner;
                run_chunk<Pass, H, false>(c, k, at, row, b, b + length, nonfinite, sums);
                F::combine_all(sum, sums);
            }
            emit(s, static_cast<double const*>(sum));
        }
    }
}

/// Runs pass `Pass` (inside the step's parallel region); false when the step must stop after it
/// (`Count`: it found non-finite gradients). Every thread returns the same answer.
template <std::size_t Pass, handoff H, bool Count, class Chain, class T>
bool run_pass(Chain const& c, step_coeffs<Chain> const& k, step_memory<T>& mem, long step) {
    using P = plan_of<Chain>;
    auto const& L = mem.layout;
    if constexpr (P::iterates_slices(Pass)) {
        using F = pass_fold<Chain, Pass>;
        constexpr int K = P::terms_of_pass(Pass);
        static_assert(!Count, "tzero: internal: a pass over slices does not count non-finite gradients");
        slice_layout const& S = *mem.slices;
        std::ptrdiff_t const items = std::ptrdiff_t(S.items.size());
#pragma omp for schedule(static)
        for (std::ptrdiff_t it = 0; it < items; ++it) {
            slice_item const& item = S.items[std::size_t(it)];
            double* const item_sums = mem.chunk_sums.data() + std::size_t(it) * P::max_terms;
            F::reset(item_sums);
            if constexpr (Pass == P::slice_pass) {  // each slice's own sums
                double* const slice_sums = mem.slice_sums->data() + S.first_slice[item.tensor] * std::size_t(K);
                run_slice_item<Pass, H>(c, k, mem, item,
                                        [&](std::size_t s, double const* sums) {
                                            for (int j = 0; j < K; ++j) slice_sums[s * std::size_t(K) + std::size_t(j)] = sums[j];
                                        },
                                        [](double const*) {});
            } else {  // the item's sums, slice by slice in order, for a later per-tensor or global fold
                auto const add = [&](double const* sums) { F::combine_all(item_sums, sums); };
                run_slice_item<Pass, H>(c, k, mem, item, [&](std::size_t, double const* sums) { add(sums); }, add);
            }
        }
    } else {
        std::ptrdiff_t const chunks = std::ptrdiff_t(L.chunks.size());
#pragma omp for schedule(static)
        for (std::ptrdiff_t ci = 0; ci < chunks; ++ci) {
            chunk const& ch = L.chunks[std::size_t(ci)];
            std::size_t bad = 0;
            run_chunk<Pass, H, Count>(c, k, streams_of(mem, ch.tensor), mem.reduced.data() + ch.tensor * P::reduced_width,
                                      ch.begin, ch.end, bad, mem.chunk_sums.data() + std::size_t(ci) * P::max_terms);
            if constexpr (Count) (*mem.chunk_nonfinite)[std::size_t(ci)] = bad;
        }
    }
    if constexpr (Pass == P::slice_pass) {  // one value per slice, items in parallel (a slice is in one item)
        slice_layout const& S = *mem.slices;
        slice_memory<T> const values{S.geometry.data(),      S.first_slice.data(),       S.geometry.size(),
                                     mem.slice_sums->data(), mem.slice_values->data(), step, mem.loss};
        std::ptrdiff_t const items = std::ptrdiff_t(S.items.size());
#pragma omp for schedule(static)
        for (std::ptrdiff_t it = 0; it < items; ++it) finalize_slice_item<Pass>(c, values, S.items[std::size_t(it)]);
    } else if constexpr (Pass < P::reductions) {
#pragma omp single
        {
            if constexpr (Count)
                for (std::size_t bad : *mem.chunk_nonfinite) mem.stopped |= bad != 0;
            if (!mem.stopped) {
                std::size_t const* first = P::iterates_slices(Pass) ? mem.slices->first_item.data() : L.first_chunk.data();
                finalize_reduction<Pass>(c, reduction_memory<T>{mem.chunk_sums.data(), first, L.sizes.data(),
                                                                L.sizes.size(), mem.reduced.data(), mem.reduce_state.data(),
                                                                step, mem.loss});
            }
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
