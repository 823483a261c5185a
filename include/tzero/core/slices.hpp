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
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <tzero/core/error.hpp>

namespace tzero {

/// Where one tensor's elements fall among its slices.
struct slice_geometry {
    bool applies = false;        ///< false: the tensor is left alone
    bool middle_reduced = true;  ///< the middle group folds (else the outer and inner ones do)
    std::size_t outer = 1, middle = 1, inner = 1;

    constexpr std::size_t slices() const { return applies ? (middle_reduced ? outer * inner : middle) : 0; }
    constexpr std::size_t slice_size() const { return middle_reduced ? middle : outer * inner; }
    /// The slice of flat (row-major) element `i`.
    constexpr std::size_t slice_of(std::size_t i) const {
        return middle_reduced ? i / (middle * inner) * inner + i % inner : i / inner % middle;
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

}  // namespace tzero
