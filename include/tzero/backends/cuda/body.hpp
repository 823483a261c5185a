/// @file tzero/backends/cuda/body.hpp
/// The CUDA backend's kernel bodies, written once for the device and the host.
///
/// Each `__global__` kernel (kernels.cuh) is a thin wrapper that calls these functions with its
/// grid coordinates; `emulate.hpp` calls the very same functions over every block and thread of
/// an emulated grid in a fixed order, so the indexing, tails, alignment cases and the reduction
/// order are tested on any machine, and a GPU only confirms them.
///
/// Work decomposition (as on the CPU, core/layout.hpp): a block takes whole chunks (grid-stride
/// over the chunk list, so every tensor of the list is covered by one launch); its threads stride
/// over the chunk's elements, four at a time with 16-byte vector loads when every stream of the
/// chunk is aligned, one at a time otherwise. A pass that ends at a reduce module has each thread
/// sum its reduce terms, the block add its threads' sums in a fixed tree order into the chunk's
/// slot, and one thread then fold the chunk sums per tensor and over tensors in order and
/// finalize them (`finalize_reduction`, core/reduction.hpp): no atomics, and the result does not
/// depend on the grid size. From a per-slice module's cut on (core/slices.hpp), a block takes one
/// slice at a time instead, its threads striding over the slice's elements in slice order, and
/// the tree fold gives the slice's sums.
#pragma once
#include <cstddef>
#include <cstdint>

#include <tzero/core/config.hpp>
#include <tzero/core/evaluate.hpp>
#include <tzero/core/layout.hpp>
#include <tzero/core/pass.hpp>
#include <tzero/core/plan.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/core/slices.hpp>

namespace tzero::cuda {

/// Everything a kernel reads, as raw pointers (device pointers on a GPU, host ones when
/// emulated). Passed to kernels by value.
template <class T>
struct step_arguments {
    T* const* params;       ///< per tensor
    T const* const* grads;  ///< per tensor
    T* state;               ///< slot s of tensor i at state + s * stride + offsets[i]
    std::size_t stride;     ///< elements per slot buffer
    T* scratch;             ///< materialized update, same layout as one slot; may be null
    chunk const* chunks;    ///< the chunk list
    std::size_t chunk_count;
    std::size_t const* offsets;      ///< per tensor, its start in a slot buffer
    std::size_t const* sizes;        ///< per tensor, its element count
    std::size_t const* first_chunk;  ///< per tensor, its first chunk; then chunk_count
    std::size_t tensor_count;
    double* chunk_sums;    ///< per chunk, `plan::max_terms` reduce sums of the current pass
    T* reduced;            ///< per tensor, `plan::reduced_width` finalized values
    double* reduce_state;  ///< per tensor (at least one row), `plan::reduce_slots` scalars
    long step;             ///< 1-based
    /// A chain with a per-slice module (core/slices.hpp): the passes from its cut on run over
    /// these units, one slice each (or a chunk of a tensor it leaves alone), and `chunk_sums`
    /// holds one row per unit; the per-slice sums, and the values (output o of slice s at
    /// `o * slice_total + s`).
    slice_item const* slice_items = nullptr;
    std::size_t slice_item_count = 0;
    slice_geometry const* geometry = nullptr;  ///< per tensor
    std::size_t const* first_slice = nullptr;  ///< per tensor; then slice_total
    std::size_t const* first_item = nullptr;   ///< per tensor; then slice_item_count
    double* slice_sums = nullptr;
    T* slice_values = nullptr;

    /// The part the fold between passes reads and writes (core/reduction.hpp), with the step's
    /// loss (NaN when it was given none).
    TZERO_HD reduction_memory<T> reductions(double loss) const {
        return {chunk_sums, first_chunk, sizes, tensor_count, reduced, reduce_state, step, loss};
    }
};

namespace detail {

/// Four elements loaded or stored at once (a 16-byte vector access for float on the device).
template <class T>
struct alignas(4 * sizeof(T)) quad {
    T v[4];
};

template <class T>
TZERO_HD bool aligned_for_quads(T const* p) {
    return p == nullptr || reinterpret_cast<std::uintptr_t>(p) % sizeof(quad<T>) == 0;
}

}  // namespace detail

/// The units pass `Pass` runs over: chunks, or slice items from the per-slice module's cut on.
template <class Chain, std::size_t Pass, class T>
TZERO_HD std::size_t units_of_pass(step_arguments<T> const& a) {
    return plan_of<Chain>::iterates_slices(Pass) ? a.slice_item_count : a.chunk_count;
}

/// Thread `thread` of `threads` (one block) runs pass `Pass` over unit `unit` (a chunk, or a
/// slice item: `units_of_pass`); returns the sums of its reduce terms (0 in the last pass).
template <std::size_t Pass, handoff H, class Chain, class T>
TZERO_HD terms<double, pass_terms_1<Chain, Pass>> pass_thread(Chain const& c, step_coeffs<Chain> const& k,
                                                              step_arguments<T> const& a, std::size_t unit,
                                                              unsigned thread, unsigned threads) {
    using P = plan_of<Chain>;
    constexpr bool load_g = P::loads_grad(H, Pass), load_p = P::loads_param(H, Pass);
    constexpr bool from_scratch = P::reads_scratch(H, Pass);
    // elements [begin, end) of `tensor`, or, for one slice, elements [begin, end) of slice `slice`
    std::size_t tensor, begin, end, slice = 0;
    slice_geometry geo{};
    if constexpr (P::iterates_slices(Pass)) {
        slice_item const it = a.slice_items[unit];
        tensor = it.tensor, geo = a.geometry[tensor];
        slice = it.begin;
        begin = geo.applies ? 0 : it.begin, end = geo.applies ? geo.slice_size() : it.end;
    } else {
        chunk const ch = a.chunks[unit];
        tensor = ch.tensor, begin = ch.begin, end = ch.end;
    }
    std::size_t const off = a.offsets[tensor];
    tensor_streams<T> const m{
        a.params[tensor], a.grads[tensor], a.state + off, a.stride, a.scratch ? a.scratch + off : nullptr, tensor};
    T reduced[P::reduced_width > 0 ? P::reduced_width : 1] = {};
    if constexpr (P::reduced_width > 0)
        for (std::size_t r = 0; r < P::reduced_width; ++r) reduced[r] = a.reduced[tensor * P::reduced_width + r];
    if constexpr (P::iterates_slices(Pass)) {  // the slice's own value (or the one that leaves it alone)
        using M = slice_module_t<Chain>;
        std::size_t const s = a.first_slice[tensor] + (geo.applies ? slice : 0), total = a.first_slice[a.tensor_count];
        for (int o = 0; o < reduce_outputs_v<M>; ++o)
            reduced[P::reduced_offset[P::slice_module] + std::size_t(o)] = a.slice_values[std::size_t(o) * total + s];
    }

    constexpr int K = P::terms_of_pass(Pass);
    using F = pass_fold<Chain, Pass>;
    terms<double, pass_terms_1<Chain, Pass>> sum{};
    F::reset(sum);
    auto const add = [&](auto const& term) {
        for (int j = 0; j < K; ++j) sum[j] = F::combine(j, sum[j], double(term[j]));
    };
    T unused = 0;  // the CUDA backend counts no NaNs in a pass
    auto const one = [&](std::size_t j) { add(pass_body<Pass, H, false>(c, k, m, reduced, j, unused)); };
    if (geo.applies) {  // one slice, element by element in slice order
        for (std::size_t n = begin + thread; n < end; n += threads) one(geo.element_of(slice, n));
        return sum;
    }
    // Quads when every stream this pass touches starts the range 16-byte aligned.
    bool quads = sizeof(T) == 4 && detail::aligned_for_quads(m.p + begin) && detail::aligned_for_quads(m.g + begin) &&
                 detail::aligned_for_quads(m.state + begin) &&
                 (m.scratch == nullptr || detail::aligned_for_quads(m.scratch + begin)) &&
                 (P::state_slots == 0 || a.stride % 4 == 0);
    std::size_t i = begin;
    if (quads) {
        std::size_t const quad_count = (end - begin) / 4;
        for (std::size_t q = thread; q < quad_count; q += threads) {
            std::size_t const at = begin + 4 * q;
            detail::quad<T> gq{}, pq{}, uq{};
            if (load_g) gq = *reinterpret_cast<detail::quad<T> const*>(m.g + at);
            if (load_p) pq = *reinterpret_cast<detail::quad<T> const*>(m.p + at);
            uq = from_scratch ? *reinterpret_cast<detail::quad<T> const*>(m.scratch + at) : gq;
            for (int e = 0; e < 4; ++e)
                add(pass_body<Pass, H, false>(c, k, m, reduced, at + std::size_t(e), unused,
                                              preloaded<T>{gq.v[e], pq.v[e], uq.v[e]}));
        }
        i = begin + 4 * quad_count;
    }
    for (std::size_t j = i + thread; j < end; j += threads) one(j);
    return sum;
}

/// Where a block leaves the folded sums `sums` of unit `unit`: the unit's row of `chunk_sums`,
/// or, in the pass that sums the per-slice module's terms, the slice's own (none for a tensor
/// the module leaves alone).
template <class Chain, std::size_t Pass, class T>
TZERO_HD void store_unit_sums(step_arguments<T> const& a, std::size_t unit, double const* sums) {
    using P = plan_of<Chain>;
    constexpr int K = P::terms_of_pass(Pass);
    if constexpr (Pass == P::slice_pass) {
        slice_item const it = a.slice_items[unit];
        if (!a.geometry[it.tensor].applies) return;
        for (int j = 0; j < K; ++j)
            a.slice_sums[(a.first_slice[it.tensor] + it.begin) * std::size_t(K) + std::size_t(j)] = sums[j];
    } else {
        for (int j = 0; j < K; ++j) a.chunk_sums[unit * P::max_terms + std::size_t(j)] = sums[j];
    }
}

/// Finalizes the reduction pass `Pass` ends at, between passes, as thread `thread` of `threads`:
/// for the per-slice module every thread takes slice units (one value per slice); else thread 0
/// folds per tensor or globally over the pass's units in order.
template <std::size_t Pass, class Chain, class T>
TZERO_HD void finalize_pass(Chain const& c, step_arguments<T> const& a, double loss, std::size_t thread,
                            std::size_t threads) {
    using P = plan_of<Chain>;
    if constexpr (Pass == P::slice_pass) {
        slice_memory<T> const values{a.geometry, a.first_slice, a.tensor_count, a.slice_sums, a.slice_values,
                                     a.step,     loss};
        for (std::size_t u = thread; u < a.slice_item_count; u += threads)
            finalize_slice_item<Pass>(c, values, a.slice_items[u]);
    } else if (thread == 0) {
        reduction_memory<T> r = a.reductions(loss);
        if constexpr (P::iterates_slices(Pass)) r.first_chunk = a.first_item;
        finalize_reduction<Pass>(c, r);
    }
}

/// The fixed-order tree fold of a block's thread sums (`sums` holds `F::terms` values per thread,
/// for a power-of-two number of threads); the same order on the device (shared memory, between
/// barriers) and when emulated. `step` is one level of the tree: thread t < step folds thread
/// t + step's sums into its own.
template <class F>
TZERO_HD void tree_level(double* sums, unsigned thread, unsigned step) {
    constexpr unsigned K = unsigned(F::terms);
    if (thread < step) F::combine_all(sums + thread * K, sums + (thread + step) * K);
}

}  // namespace tzero::cuda
