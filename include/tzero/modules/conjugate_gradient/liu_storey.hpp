/// @file tzero/modules/conjugate_gradient/liu_storey.hpp
/// Liu–Storey nonlinear conjugate gradient (Liu & Storey 1991): the update plus β times the
/// previous direction, with
///   β = gᵀy / g′ᵀd′       (0 when |g′ᵀd′| ≤ 2·tiny of the parameters' type)
/// y = g − g′; g, g′, d′, the signs, restarts and clip_beta: modules/detail/conjugate_gradient.hpp.
/// Matches torchzero `tz.m.LiuStorey(restart_interval='auto', clip_beta=False, inner=None)`
/// (modules/conjugate_gradient/cg.py); g′ is kept current (torchzero keeps each restart's first g′:
/// docs/modules.md). A step size goes after it (`lr`, a line search).
/// kind: reduce (global; 7 sums and the element size), 1 persistent scalar (steps since the last
/// restart). state: 2 slots (g′, d′), then the inner chain's.
#pragma once
#include <tzero/core/config.hpp>
#include <tzero/core/math.hpp>
#include <tzero/modules/detail/conjugate_gradient.hpp>

namespace tzero {

namespace detail {
struct liu_storey_beta {
    static constexpr char const* name = "liu_storey";
    static constexpr bool clip_beta = false;
    static constexpr char const* restart_error =
        "tzero: liu_storey: restart_interval must be >= 1, or 0 (never) or -1 (n + 1, torchzero's 'auto')";
    TZERO_HD static double beta(cg_sums s) {
        if (math::abs(s.gpd) <= s.guard) return 0;
        return s.gy / s.gpd;
    }
};
}  // namespace detail

/// torchzero's `LiuStorey`; `liu_storey().with_inner(c)` runs `c` on the update first.
using liu_storey = basic_conjugate_gradient<detail::liu_storey_beta>;

}  // namespace tzero
