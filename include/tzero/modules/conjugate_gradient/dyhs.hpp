/// @file tzero/modules/conjugate_gradient/dyhs.hpp
/// The Dai–Yuan / Hestenes–Stiefel hybrid nonlinear conjugate gradient (Dai & Yuan 2001): the
/// update plus β times the previous direction, with the smaller of the two non-negative βs
///   β = max(0, min(max(−gᵀg / d′ᵀy, 0), max(−gᵀy / d′ᵀy, 0)))
///                                             (0 when |d′ᵀy| ≤ 2·tiny of the parameters' type)
/// y = g − g′; g, g′, d′, the signs, restarts and clip_beta: modules/detail/conjugate_gradient.hpp.
/// Matches torchzero `tz.m.DYHS(restart_interval='auto', clip_beta=False, inner=None)`
/// (modules/conjugate_gradient/cg.py); g′ is kept current (torchzero keeps each restart's first
/// g′: docs/modules.md). A step size goes after it (`lr`, a line search).
/// kind: reduce (global; 7 sums and the element size), 1 persistent scalar (steps since the last
/// restart). state: 2 slots (g′, d′), then the inner chain's.
#pragma once
#include <tzero/core/config.hpp>
#include <tzero/core/math.hpp>
#include <tzero/modules/detail/conjugate_gradient.hpp>

namespace tzero {

namespace detail {
struct dyhs_beta {
    static constexpr char const* name = "dyhs";
    static constexpr bool clip_beta = false;
    static constexpr char const* restart_error =
        "tzero: dyhs: restart_interval must be >= 1, or 0 (never) or -1 (n + 1, torchzero's 'auto')";
    TZERO_HD static double beta(cg_sums s) {
        if (math::abs(s.dy) <= s.guard) return 0;
        double dai_yuan = -s.gg / s.dy, hestenes_stiefel = -s.gy / s.dy;
        dai_yuan = dai_yuan < 0 ? 0 : dai_yuan;  // torch's clamp(min=0): NaN stays
        hestenes_stiefel = hestenes_stiefel < 0 ? 0 : hestenes_stiefel;
        double const smaller = hestenes_stiefel < dai_yuan ? hestenes_stiefel : dai_yuan;  // Python's min
        return smaller > 0 ? smaller : 0;                                                  // Python's max(0, ·)
    }
};
}  // namespace detail

/// torchzero's `DYHS`; `dyhs().with_inner(c)` runs `c` on the update first.
using dyhs = basic_conjugate_gradient<detail::dyhs_beta>;

}  // namespace tzero
