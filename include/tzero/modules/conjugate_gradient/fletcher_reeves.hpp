/// @file tzero/modules/conjugate_gradient/fletcher_reeves.hpp
/// Fletcher–Reeves nonlinear conjugate gradient (Fletcher & Reeves 1964): the update plus β times
/// the previous direction, with
///   β = gᵀg / g′ᵀg′       (0 when |g′ᵀg′| ≤ 2·tiny of the parameters' type)
/// y = g − g′; g, g′, d′, the signs, restarts and clip_beta: modules/detail/conjugate_gradient.hpp.
/// Matches torchzero `tz.m.FletcherReeves(restart_interval='auto', clip_beta=False, inner=None)`
/// (modules/conjugate_gradient/cg.py); torchzero keeps g′ᵀg′ as the previous step's gᵀg, the same
/// number. A step size goes after it (`lr`, a line search).
/// kind: reduce (global; 7 sums and the element size), 1 persistent scalar (steps since the last
/// restart). state: 2 slots (g′, d′), then the inner chain's.
#pragma once
#include <tzero/core/config.hpp>
#include <tzero/core/math.hpp>
#include <tzero/modules/detail/conjugate_gradient.hpp>

namespace tzero {

namespace detail {
struct fletcher_reeves_beta {
    static constexpr char const* name = "fletcher_reeves";
    static constexpr bool clip_beta = false;
    static constexpr char const* restart_error =
        "tzero: fletcher_reeves: restart_interval must be >= 1, or 0 (never) or -1 (n + 1, torchzero's 'auto')";
    TZERO_HD static double beta(cg_sums s) {
        if (math::abs(s.gpgp) <= s.guard) return 0;
        return s.gg / s.gpgp;
    }
};
}  // namespace detail

/// torchzero's `FletcherReeves`; `fletcher_reeves().with_inner(c)` runs `c` on the update first.
using fletcher_reeves = basic_conjugate_gradient<detail::fletcher_reeves_beta>;

}  // namespace tzero
