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
/// iterate slices (backends/cpu/executor.hpp): runs of whole slices, never a slice split across
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

namespace tzero {

/// Reduction scope of a per-slice module: torchzero's `dim` list and `inverse_dims`. A module
/// with this scope folds one value per slice of each tensor (`clip_norm(1.0, per_slice(-1))`
/// clips every row of a matrix to norm 1). Printed and saved as `per_slice(dims=[..],
/// inverse_dims=..)`.
template <std::size_t N>
struct slice_dims {
    std::array<int, N> dims{};  ///< the reduced dims (negative ones count from the end)
    bool inverse_dims = false;  ///< reduce every dim but these

    static constexpr char const* name = "per_slice";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"dims", &slice_dims::dims}, field{"inverse_dims", &slice_dims::inverse_dims}};
    }
    friend constexpr bool operator==(slice_dims const&, slice_dims const&) = default;
};

/// One value per slice over `dims` (torchzero `dim=dims`): `per_slice(0)` reduces dim 0.
template <std::integral... I>
    requires(sizeof...(I) > 0)
constexpr slice_dims<sizeof...(I)> per_slice(I... dims) {
    return {{int(dims)...}, false};
}
/// One value per slice over every dim but `dims` (torchzero `dim=dims, inverse_dims=True`).
template <std::integral... I>
    requires(sizeof...(I) > 0)
constexpr slice_dims<sizeof...(I)> per_slice_except(I... dims) {
    return {{int(dims)...}, true};
}

namespace detail {
template <class S>
inline constexpr bool is_slice_dims = false;
template <std::size_t N>
inline constexpr bool is_slice_dims<slice_dims<N>> = true;
}  // namespace detail

/// A per-slice reduction scope (`slice_dims`).
template <class S>
concept slice_scope = detail::is_slice_dims<S>;

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
        return middle_reduced ? (s / inner * middle + n) * inner + s % inner : (n / inner * middle + s) * inner + n % inner;
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
        if (at < 0) throw error("tzero: dim " + std::to_string(d) + " is out of range for a tensor of rank " + std::to_string(rank));
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
        case 0: break;                                             // one element
        case 1:                                                    // all reduced, or all kept
            if (groups[0].first) g.middle = size_of(0);
            else g.outer = size_of(0);
            break;
        case 2:
            if (groups[0].first) g.middle = size_of(0), g.inner = size_of(1);  // R K
            else g.outer = size_of(0), g.middle = size_of(1);                 // K R
            break;
        case 3:
            g.outer = size_of(0), g.middle = size_of(1), g.inner = size_of(2);
            g.middle_reduced = groups[1].first;                    // K R K, or R K R
            break;
        default:
            throw error("tzero: a dim list whose reduced and kept dims alternate more than kept, reduced, kept "
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
    std::vector<slice_item> items;         ///< tensor by tensor, in order
    std::vector<std::size_t> first_item;   ///< per tensor, its first item; then items.size()

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
                for (std::size_t b = 0; b < size; b += chunk_size) items.push_back({t, b, std::min(size, b + chunk_size)});
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

}  // namespace tzero
