/// @file tzero/modules/quasi_newton/diagonal_sr1.hpp
/// Diagonal SR1: SR1's rank-one update kept on the diagonal. With (a, b) = (s, y) for H (the
/// default) and (y, s) for B:
///   z = a − M·b,   Δ = z² / zᵀb      (skipped when |zᵀb| ≤ tol·‖b‖·‖z‖, Nocedal & Wright p. 146)
/// (zᵀb floored at ±2·tiny); d = H·u or u / B. It does not satisfy the secant equation. The
/// schedule, the first step, the tolerances and the scaling: modules/detail/diagonal_quasi_newton.hpp.
/// Matches torchzero `tz.m.DiagonalSR1()` (modules/quasi_newton/diagonal_quasi_newton.py).
/// kind: reduce (global; 11 sums, 3 maxima: zᵀb and ‖z‖² are also summed expanded in M, for the
/// step that scales M), 3 persistent scalars. state: 3 slots (M, p′, u′), then the inner chain's.
#pragma once
#include <tzero/core/config.hpp>
#include <tzero/core/math.hpp>
#include <tzero/modules/detail/diagonal_quasi_newton.hpp>

namespace tzero {

namespace detail {
struct diagonal_sr1_update : unbounded_diagonal {
    static constexpr char const* name = "diagonal_sr1";
    static constexpr bool inverse = true, has_inverse = true, has_direct = true;
    static constexpr int sum_count = 7, coefficient_count = 1;
    // zᵀb, zᵀz, bᵀb with the unscaled M; then Σ M·b², Σ M·a·b, Σ M²·b², aᵀa for a scaled one
    template <class V>
    TZERO_HD static terms<V, 7> sums(V s, V y, V m, bool inverse) {
        V const a = inverse ? s : y, b = inverse ? y : s, z = a - m * b;
        return {{z * b, z * z, b * b, m * b * b, m * a * b, m * m * b * b, a * a}};
    }
    TZERO_HD static bool coefficients(diagonal_sums const& s, double* k) {
        double const* o = s.own;
        double const zb = s.c == 1 ? o[0] : s.sy - s.c * o[3];
        double const zz = s.c == 1 ? o[1] : o[6] - 2 * s.c * o[4] + s.c * s.c * o[5];
        if (math::abs(zb) <= s.tol * std::sqrt(o[2]) * std::sqrt(zz > 0 ? zz : 0)) return false;
        k[0] = s.clip(zb);
        return true;
    }
    template <class V>
    TZERO_HD static V delta(V s, V y, V m, V const* k, bool inverse) {
        V const z = inverse ? s - m * y : y - m * s;
        return z * z / k[0];
    }
};
}  // namespace detail

/// torchzero's `DiagonalSR1`; `.inverse = false` keeps B; `with_inner(c)` runs `c` first.
using diagonal_sr1 = basic_diagonal_quasi_newton<detail::diagonal_sr1_update>;

}  // namespace tzero
