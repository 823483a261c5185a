/// @file tzero/core/slices.hpp
/// The slices of one tensor that a per-slice reduction folds over: torchzero's `dim` lists of
/// ClipNorm, Normalize and Centralize (modules/clipping/clipping.py, `_clip_norm_`), resolved
/// once per tensor from its shape, as torchzero resolves them on every step:
///   a 0-d tensor counts as 1-d; dims at or past the rank are dropped (negative ones are kept and
///   count from the end); with `inverse_dims` the reduced dims are the others of range(rank);
///   no reduced dim, or slices of fewer than `min_size` elements: the tensor is left alone.
/// The reduced dims fold; each combination of the kept dims' indices is one slice. Dims of size
/// 1 belong to either side, so they are dropped, and neighbours of one kind merge: the tensor is
/// then (outer, middle, inner) with either the middle reduced (slices are (o, j) pairs, their
/// elements a run of `middle` at stride `inner`) or the middle kept (slice k gathers `outer` runs
/// of `inner` contiguous elements). Lists that alternate further (reduced, kept, reduced, kept)
/// are refused with `tzero::error`.
///
/// `slice_layout` turns the geometry of every tensor into the work items of the passes that
/// iterate slices (backends/cpu/slice_walk.hpp): runs of whole slices, never a slice split across
/// two items, so one item folds each of its slices alone, in element order.
#pragma once
#include <algorithm>
#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include <tzero/core/config.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/hyperparameter.hpp>
#include <tzero/core/plan.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/core/slice_dims.hpp>

namespace tzero {

/// Where one tensor's elements fall among its slices.
struct slice_geometry {
    bool applies = false;        ///< false: the tensor is left alone
    bool middle_reduced = true;  ///< the middle group folds (else the outer and inner ones do)
    std::size_t outer = 1, middle = 1, inner = 1;

    TZERO_HD constexpr std::size_t slices() const { return applies ? (middle_reduced ? outer * inner : middle) : 0; }
    TZERO_HD constexpr std::size_t slice_size() const { return middle_reduced ? middle : outer * inner; }
    /// The slice of flat (row-major) element `i`.
    TZERO_HD constexpr std::size_t slice_of(std::size_t i) const {
        return middle_reduced ? i / (middle * inner) * inner + i % inner : i / inner % middle;
    }
    /// The flat index of element `n` (in element order) of slice `s`.
    TZERO_HD constexpr std::size_t element_of(std::size_t s, std::size_t n) const {
        return middle_reduced ? (s / inner * middle + n) * inner + s % inner
                              : (n / inner * middle + s) * inner + n % inner;
    }
};

/// The geometry of a tensor of shape `shape` under torchzero's `dim` list `dims`.
inline slice_geometry slices_of(std::vector<std::size_t> shape, std::vector<int> const& dims, bool inverse_dims,
                                std::size_t min_size) {
    if (shape.empty()) shape = {1};
    int const rank = int(shape.size());
    std::vector<int> chosen;
    for (int d : dims)
        if (d < rank) chosen.push_back(d);
    if (inverse_dims) {
        std::vector<int> others;
        for (int d = 0; d < rank; ++d) {
            bool listed = false;
            for (int c : chosen) listed |= c == d;
            if (!listed) others.push_back(d);
        }
        chosen = others;
    }
    slice_geometry g;
    if (chosen.empty()) return g;
    std::vector<bool> reduced(shape.size(), false);
    for (int d : chosen) {
        int const at = d < 0 ? d + rank : d;
        if (at < 0)
            throw error("tzero: dim " + std::to_string(d) + " is out of range for a tensor of rank " +
                        std::to_string(rank));
        if (reduced[std::size_t(at)]) throw error("tzero: dim " + std::to_string(d) + " appears twice in the dim list");
        reduced[std::size_t(at)] = true;
    }
    // groups of neighbouring dims of one kind, size-1 dims dropped
    std::vector<std::pair<bool, std::size_t>> groups;  // (reduced, size)
    std::size_t slice_size = 1, count = 1;
    for (std::size_t d = 0; d < shape.size(); ++d) {
        count *= shape[d];
        if (reduced[d]) slice_size *= shape[d];
        if (shape[d] == 1) continue;
        if (!groups.empty() && groups.back().first == reduced[d]) groups.back().second *= shape[d];
        else groups.push_back({reduced[d], shape[d]});
    }
    if (slice_size < min_size || count == 0) return g;
    g.applies = true;
    auto const size_of = [&](std::size_t i) { return groups[i].second; };
    switch (groups.size()) {
        case 0:
            break;  // one element
        case 1:     // all reduced, or all kept
            if (groups[0].first) g.middle = size_of(0);
            else g.outer = size_of(0);
            break;
        case 2:
            if (groups[0].first) g.middle = size_of(0), g.inner = size_of(1);  // R K
            else g.outer = size_of(0), g.middle = size_of(1);                  // K R
            break;
        case 3:
            g.outer = size_of(0), g.middle = size_of(1), g.inner = size_of(2);
            g.middle_reduced = groups[1].first;  // K R K, or R K R
            break;
        default:
            throw error(
                "tzero: a dim list whose reduced and kept dims alternate more than kept, reduced, kept "
                "(or reduced, kept, reduced) is not supported");
    }
    return g;
}
template <std::size_t N>
slice_geometry slices_of(std::vector<std::size_t> const& shape, slice_dims<N> const& scope, std::size_t min_size) {
    return slices_of(shape, std::vector<int>(scope.dims.begin(), scope.dims.end()), scope.inverse_dims, min_size);
}

/// A work item of a pass that iterates slices: slices [begin, end) of `tensor`, or, for a tensor
/// the module leaves alone, its elements [begin, end).
struct slice_item {
    std::size_t tensor, begin, end;
};

/// The slices of a whole parameter list under one scope, and the work items over them.
struct slice_layout {
    /// Interleaved slices per item (the CPU executor's lanes hold them all at once).
    static constexpr std::size_t interleaved_width = 64;

    std::vector<slice_geometry> geometry;  ///< per tensor
    /// Per tensor, its first value in the per-slice arrays (a tensor left alone has one: the value
    /// that leaves it alone); then the total.
    std::vector<std::size_t> first_slice;
    std::vector<slice_item> items;        ///< tensor by tensor, in order
    std::vector<std::size_t> first_item;  ///< per tensor, its first item; then items.size()

    slice_layout() = default;
    /// Items hold about `chunk_size` elements of whole slices (at least one); slices that
    /// interleave (the middle reduced under kept inner dims) go `interleaved_width` neighbours of
    /// one outer index at a time.
    /// With `single_slices`, every item is one slice (a CUDA block's unit: it folds one slice).
    /// Throws `tzero::error` for a dim list that does not fit a tensor (slices_of).
    template <std::size_t N>
    slice_layout(std::vector<std::vector<std::size_t>> const& shapes, slice_dims<N> const& scope, std::size_t min_size,
                 std::size_t chunk_size, bool single_slices = false) {
        if (chunk_size == 0) chunk_size = 1;
        for (std::size_t t = 0; t < shapes.size(); ++t) {
            slice_geometry const g = slices_of(shapes[t], scope, min_size);
            std::size_t size = 1;
            for (std::size_t d : shapes[t]) size *= d;
            geometry.push_back(g);
            first_slice.push_back(total_);
            first_item.push_back(items.size());
            if (!g.applies) {
                for (std::size_t b = 0; b < size; b += chunk_size)
                    items.push_back({t, b, std::min(size, b + chunk_size)});
            } else {
                // Interleaved slices go `interleaved_width` side by side (the CPU walks them row
                // by row: whole cache lines, several per row).
                bool const interleaved = g.middle_reduced && g.inner > 1;
                std::size_t const n = g.slices(), row = interleaved ? g.inner : n;  // items stay within a row
                std::size_t const per_item = single_slices ? 1
                                             : interleaved ? interleaved_width
                                                           : std::max<std::size_t>(1, chunk_size / g.slice_size());
                for (std::size_t b = 0; b < n;) {
                    std::size_t const e = std::min({n, b + per_item, (b / row + 1) * row});
                    items.push_back({t, b, e});
                    b = e;
                }
            }
            total_ += g.applies ? g.slices() : 1;
        }
        first_slice.push_back(total_);
        first_item.push_back(items.size());
    }
    std::size_t slices() const { return total_; }

  private:
    std::size_t total_ = 0;
};

/// The slices of every tensor of `shapes` under `c`'s per-slice module, as work items of about
/// `chunk_size` elements (or one slice each: `single_slices`, the CUDA backend's units); `bound`
/// keeps the module they were built for. Throws `tzero::error` for dims that fit no tensor.
template <class Chain>
slice_layout bind_slices(Chain const& c, std::vector<std::vector<std::size_t>> const& shapes, std::size_t chunk_size,
                         bool single_slices, slice_module_t<Chain>& bound) {
    auto const& m = c.template get<plan_of<Chain>::slice_module>();
    slice_layout l(shapes, m.scope, m.min_size, chunk_size, single_slices);
    bound = m;
    return l;
}
/// Must the slices be bound again: did the dims or `min_size` of `c`'s per-slice module change?
template <class Chain>
bool slices_changed(Chain const& c, slice_module_t<Chain> const& bound) {
    auto const& m = c.template get<plan_of<Chain>::slice_module>();
    return !(m.scope == bound.scope) || m.min_size != bound.min_size;
}

/// Where one step's per-slice sums and values live (core/slices.hpp), as raw pointers.
template <class T>
struct slice_memory {
    slice_geometry const* geometry;  ///< per tensor
    std::size_t const* first_slice;  ///< per tensor, its first slice value; then the total
    std::size_t tensor_count;
    double const* sums;  ///< per slice, the per-slice module's terms
    T* values;           ///< output o of slice s at `values[o * total + s]`
    long step;
    double loss = __builtin_nan("");
};

/// Finalizes the per-slice module, reduce module number `R` of `c`, for the slices of one work
/// item: one value per slice from its sums over the slice's elements. A tensor the module leaves
/// alone gets, from its first item, the value its `finalize` gives for no elements (count 0),
/// which must leave the update alone. Items are independent: backends finalize them in parallel.
template <std::size_t R, class Chain, class T>
TZERO_HD void finalize_slice_item(Chain const& c, slice_memory<T> const& a, slice_item const& item) {
    auto const& m = reduce_module_at<R>(c);
    using M = std::remove_cvref_t<decltype(m)>;
    static_assert(reduce_slots_v<M> == 0, "tzero: a per-slice module keeps no scalars between steps");
    constexpr int K = reduce_terms_v<M>, O = reduce_outputs_v<M>;
    std::size_t const total = a.first_slice[a.tensor_count], first = a.first_slice[item.tensor];
    slice_geometry const g = a.geometry[item.tensor];
    auto const write = [&](std::size_t s, terms<double, O> const& value) {
        for (int o = 0; o < O; ++o) a.values[std::size_t(o) * total + s] = T(value[o]);
    };
    if (!g.applies) {
        double none[K];
        term_fold_of<M>::reset(none);
        if (item.begin == 0) write(first, finalize_of(m, none, 0.0, nullptr, a.step, a.loss, 0.0));
        return;
    }
    for (std::size_t s = item.begin; s < item.end; ++s)
        write(first + s, finalize_of(m, a.sums + (first + s) * K, double(g.slice_size()), nullptr, a.step, a.loss,
                                     double(g.slices())));
}

}  // namespace tzero
