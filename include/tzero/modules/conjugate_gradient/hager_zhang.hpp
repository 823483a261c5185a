/// @file tzero/modules/conjugate_gradient/hager_zhang.hpp
/// Hager–Zhang nonlinear conjugate gradient (Hager & Zhang 2005, "A new conjugate gradient
/// method with guaranteed descent and an efficient line search"): the update plus β times the
/// previous direction, with
///   β = −(gᵀy − 2·(yᵀy / d′ᵀy)·d′ᵀg) / d′ᵀy       (0 when |d′ᵀy| ≤ 2·tiny of the parameters' type)
/// y = g − g′; g, g′, d′, the signs, restarts and clip_beta: modules/detail/conjugate_gradient.hpp.
/// Matches torchzero `tz.m.HagerZhang(restart_interval='auto', clip_beta=False, inner=None)`
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
struct hager_zhang_beta {
    static constexpr char const* name = "hager_zhang";
    static constexpr bool clip_beta = false;
    static constexpr char const* restart_error =
        "tzero: hager_zhang: restart_interval must be >= 1, or 0 (never) or -1 (n + 1, torchzero's 'auto')";
    TZERO_HD static double beta(cg_sums s) {
        if (math::abs(s.dy) <= s.guard) return 0;
        return -(1 / s.dy) * (s.gy - 2 * (s.yy / s.dy) * s.dg);  // torchzero's (y − 2·d′·yᵀy/d′ᵀy)ᵀg / d′ᵀy
    }
};
}  // namespace detail

/// torchzero's `HagerZhang`; `hager_zhang().with_inner(c)` runs `c` on the update first.
using hager_zhang = basic_conjugate_gradient<detail::hager_zhang_beta>;

}  // namespace tzero
