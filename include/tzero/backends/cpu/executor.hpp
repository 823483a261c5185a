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
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

#include <tzero/backends/cpu/blas.hpp>
#include <tzero/backends/cpu/chunk.hpp>
#include <tzero/backends/cpu/slice_walk.hpp>
#include <tzero/core/dense.hpp>
#include <tzero/core/evaluate.hpp>
#include <tzero/core/layout.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/plan.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/core/slices.hpp>

// after every include: the region covers this header only (core/detail/simd_warnings_push.hpp)
#include <tzero/core/detail/simd_warnings_push.hpp>
// Every `omp` pragma below stands under `#ifdef _OPENMP`: without -fopenmp a step runs on one
// thread, and a user who builds with -Wall gets no -Wunknown-pragmas (g++ 12 cannot silence it).

namespace tzero::cpu {
namespace detail {

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
#ifdef _OPENMP
#pragma omp for schedule(static)
#endif
        for (std::ptrdiff_t it = 0; it < items; ++it) {
            slice_item const& item = S.items[std::size_t(it)];
            double* const item_sums = mem.chunk_sums.data() + std::size_t(it) * P::max_terms;
            F::reset(item_sums);
            if constexpr (Pass == P::slice_pass) {  // each slice's own sums
                double* const slice_sums = mem.slice_sums->data() + S.first_slice[item.tensor] * std::size_t(K);
                run_slice_item<Pass, H>(
                    c, k, mem, item,
                    [&](std::size_t s, double const* sums) {
                        for (int j = 0; j < K; ++j) slice_sums[s * std::size_t(K) + std::size_t(j)] = sums[j];
                    },
                    [](double const*) {});
            } else {  // the item's sums, slice by slice in order, for a later per-tensor or global fold
                auto const add = [&](double const* sums) { F::combine_all(item_sums, sums); };
                run_slice_item<Pass, H>(
                    c, k, mem, item, [&](std::size_t, double const* sums) { add(sums); }, add);
            }
        }
    } else {
        std::ptrdiff_t const chunks = std::ptrdiff_t(L.chunks.size());
#ifdef _OPENMP
#pragma omp for schedule(static)
#endif
        for (std::ptrdiff_t ci = 0; ci < chunks; ++ci) {
            chunk const& ch = L.chunks[std::size_t(ci)];
            std::size_t bad = 0;
            run_chunk<Pass, H, Count>(c, k, streams_of(mem, ch.tensor),
                                      mem.reduced.data() + ch.tensor * P::reduced_width, ch.begin, ch.end, bad,
                                      mem.chunk_sums.data() + std::size_t(ci) * P::max_terms);
            if constexpr (Count) (*mem.chunk_nonfinite)[std::size_t(ci)] = bad;
        }
    }
    if constexpr (Pass == P::slice_pass) {  // one value per slice, items in parallel (a slice is in one item)
        slice_layout const& S = *mem.slices;
        slice_memory<T> const values{S.geometry.data(),
                                     S.first_slice.data(),
                                     S.geometry.size(),
                                     mem.slice_sums->data(),
                                     mem.slice_values->data(),
                                     step,
                                     mem.loss};
        std::ptrdiff_t const items = std::ptrdiff_t(S.items.size());
#ifdef _OPENMP
#pragma omp for schedule(static)
#endif
        for (std::ptrdiff_t it = 0; it < items; ++it) finalize_slice_item<Pass>(c, values, S.items[std::size_t(it)]);
    } else if constexpr (Pass < P::reductions) {
#ifdef _OPENMP
#pragma omp single
#endif
        {
            if constexpr (Count)
                for (std::size_t bad : *mem.chunk_nonfinite) mem.stopped |= bad != 0;
            if (!mem.stopped) {
                std::size_t const* first =
                    P::iterates_slices(Pass) ? mem.slices->first_item.data() : L.first_chunk.data();
                finalize_reduction<Pass>(
                    c, reduction_memory<T>{mem.chunk_sums.data(), first, L.sizes.data(), L.sizes.size(),
                                           mem.reduced.data(), mem.reduce_state.data(), step, mem.loss});
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
std::vector<std::size_t> count_nonfinite(layout const& l, T const* const* grads, [[maybe_unused]] bool parallel) {
    using batch = xsimd::batch<T>;
    std::vector<std::size_t> per_chunk(l.chunks.size());
    std::ptrdiff_t const chunks = std::ptrdiff_t(l.chunks.size());
#ifdef _OPENMP
#pragma omp parallel for schedule(static) if (parallel)
#endif
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

namespace detail {
/// Passes `Pass...` of one step, in order, inside one parallel region (a plain function, not a
/// lambda: clang cannot outline an OpenMP region inside a generic lambda).
template <handoff H, bool Count, class Chain, class K, class T, std::size_t... Pass>
void run_passes(Chain const& c, K const& k, step_memory<T>& mem, long t, [[maybe_unused]] bool parallel,
                std::index_sequence<Pass...>) {
#ifdef _OPENMP
#pragma omp parallel if (parallel)
#endif
    { (void)(run_pass < Pass, H, Count && Pass == 0 > (c, k, mem, t) && ...); }
}

/// Passes [From, To) of one step in one parallel region (none when the range is empty).
template <std::size_t From, std::size_t To, handoff H, class Chain, class K, class T>
void run_pass_range(Chain const& c, K const& k, step_memory<T>& mem, long t, bool parallel) {
    if constexpr (To > From)
        run_passes<H, false>(c, k, mem, t, parallel, []<std::size_t... I>(std::index_sequence<I...>) {
            return std::index_sequence<From + I...>{};
        }(std::make_index_sequence<To - From>{}));
}

/// The chain's dense stage (core/dense.hpp) on the update the pass before it left in scratch, on
/// the calling thread between two parallel regions: u, p and g gathered into doubles in tensor
/// order, the module's transform (OpenBLAS's threads for its matrix kernels), u scattered back.
template <class Chain, class T>
void run_dense_stage(Chain const& c, step_memory<T>& mem, long step) {
    using P = plan_of<Chain>;
    constexpr std::size_t index = P::dense_module_index;
    tzero::layout const& L = mem.layout;
    std::size_t const n = L.total;
    double* const u = mem.dense_work;
    double* const p = u + n;
    double* const g = p + n;
    for (std::size_t t = 0, at = 0; t < L.sizes.size(); at += L.sizes[t++])
        for (std::size_t i = 0; i < L.sizes[t]; ++i) {
            u[at + i] = double(mem.scratch[L.offsets[t] + i]);
            p[at + i] = double(mem.params[t][i]);
            g[at + i] = double(mem.grads[t][i]);
        }
    dense_context<blas> ctx{n,
                            u,
                            p,
                            g,
                            mem.dense_state,
                            g + n,
                            mem.loss,
                            double(std::numeric_limits<T>::min()),
                            double(std::numeric_limits<T>::epsilon()),
                            step};
    c.template get<index>().transform(ctx, mem.reduce_state.data() + P::reduce_slot_offset[index]);
    for (std::size_t t = 0, at = 0; t < L.sizes.size(); at += L.sizes[t++])
        for (std::size_t i = 0; i < L.sizes[t]; ++i) mem.scratch[L.offsets[t] + i] = T(u[at + i]);
}
}  // namespace detail

/// What `run_step` runs between the passes of a chain without a closure stage: nothing.
struct no_stage {
    template <class K, class T>
    void operator()(K const&, step_memory<T>&) const {}
};

/// One optimizer step `t` (1-based) of chain `c` over `mem`, every pass in one parallel region;
/// `loss` is the step's loss for the modules that read it. A chain with a closure stage runs its
/// passes up to the stage's cut in one region, then `stage(k, mem)` on the calling thread (the
/// search: trial passes and closure calls, core/closure.hpp), then the passes after it in a second
/// region; the last pass is not run when the stage ends the chain (`plan::passes_run`). A dense
/// stage (core/dense.hpp) splits the regions the same way, its host transform between them.
/// `H` is the plan's choice unless a test forces the other handoff (the results must agree).
/// Returns false when the first pass found non-finite gradients (`mem.chunk_nonfinite`) and the
/// step stopped before writing anything.
template <class Chain, class T, handoff H = plan_of<Chain>::chosen, class Stage = no_stage>
bool run_step(Chain const& c, long t, step_memory<T>& mem, bool parallel, double loss = __builtin_nan(""),
              Stage&& stage = {}) {
    using P = plan_of<Chain>;
    auto const k = per_step(c, t, loss);
    mem.stopped = false;
    mem.loss = loss;
    if constexpr (P::has_closure || P::has_dense) {
        static_assert(H == handoff::materialize,
                      "tzero: internal: a closure or dense stage reads its input from the scratch buffer");
        constexpr std::size_t dense_end = P::has_dense ? P::dense_pass + 1 : 0;  // (the plan puts it first)
        constexpr std::size_t closure_end = P::has_closure ? P::closure_pass + 1 : dense_end;
        detail::run_pass_range<0, dense_end, H>(c, k, mem, t, parallel);
        if constexpr (P::has_dense) detail::run_dense_stage(c, mem, t);
        detail::run_pass_range<dense_end, closure_end, H>(c, k, mem, t, parallel);
        if constexpr (P::has_closure) stage(k, mem);
        detail::run_pass_range<closure_end, P::passes_run, H>(c, k, mem, t, parallel);
        return true;
    } else {
        constexpr auto passes = std::make_index_sequence<P::passes>{};
        if constexpr (first_pass_checks_gradients<Chain, H>) {
            if (mem.chunk_nonfinite) {
                mem.chunk_nonfinite->resize(mem.layout.chunks.size());
                detail::run_passes<H, true>(c, k, mem, t, parallel, passes);
                return !mem.stopped;
            }
        }
        detail::run_passes<H, false>(c, k, mem, t, parallel, passes);
        return true;
    }
}

}  // namespace tzero::cpu

#include <tzero/core/detail/simd_warnings_pop.hpp>
