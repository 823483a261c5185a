/// @file tzero/modules/conjugate_gradient/polak_ribiere.hpp
/// Polak–Ribière–Polyak nonlinear conjugate gradient (Polak & Ribière 1969, Polyak 1969): the
/// update plus β times the previous direction, with
///   β = gᵀy / g′ᵀg′       (0 when |g′ᵀg′| ≤ 2·tiny of the parameters' type)
/// y = g − g′; g, g′, d′, the signs, restarts and clip_beta: modules/detail/conjugate_gradient.hpp.
/// Matches torchzero `tz.m.PolakRibiere(restart_interval='auto', clip_beta=True, inner=None)`
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
struct polak_ribiere_beta {
    static constexpr char const* name = "polak_ribiere";
    static constexpr bool clip_beta = true;
    static constexpr char const* restart_error =
        "tzero: polak_ribiere: restart_interval must be >= 1, or 0 (never) or -1 (n + 1, torchzero's 'auto')";
    TZERO_HD static double beta(cg_sums s) {
        if (math::abs(s.gpgp) <= s.guard) return 0;
        return s.gy / s.gpgp;
    }
};
}  // namespace detail

/// torchzero's `PolakRibiere`; `polak_ribiere().with_inner(c)` runs `c` on the update first.
using polak_ribiere = basic_conjugate_gradient<detail::polak_ribiere_beta>;

}  // namespace tzero
