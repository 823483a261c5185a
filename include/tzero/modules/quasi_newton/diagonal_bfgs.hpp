/// @file tzero/modules/quasi_newton/diagonal_bfgs.hpp
/// Diagonal BFGS: the diagonal of BFGS's inverse-Hessian update, applied to a diagonal H:
///   Δ = (sᵀy + yᵀHy)·s² / sᵀy² − 2·H·y·s / sᵀy      (skipped when sᵀy < tol)
/// (sᵀy² floored at 2·tiny); d = H·u. It does not satisfy the secant equation. The schedule, the
/// first step, the tolerances and the scaling: modules/detail/diagonal_quasi_newton.hpp.
/// Matches torchzero `tz.m.DiagonalBFGS()` (modules/quasi_newton/diagonal_quasi_newton.py) with
/// one correction: torchzero's term reads the elementwise y·H·y where the diagonal of BFGS's
/// update has the number yᵀHy (docs/modules.md, divergences). Only the inverse form exists.
/// kind: reduce (global; 5 sums, 3 maxima), 3 persistent scalars. state: 3 slots (H, p′, u′),
/// then the inner chain's.
#pragma once
#include <tzero/core/config.hpp>
#include <tzero/core/math.hpp>
#include <tzero/modules/detail/diagonal_quasi_newton.hpp>

namespace tzero {

namespace detail {
struct diagonal_bfgs_update : inverse_form_only, unbounded_diagonal {
    static constexpr char const* name = "diagonal_bfgs";
    static constexpr int sum_count = 1, coefficient_count = 2;
    template <class V>
    TZERO_HD static terms<V, 1> sums(V, V y, V h, bool) {
        return {{h * y * y}};
    }
    TZERO_HD static bool coefficients(diagonal_sums const& s, double* k) {
        if (s.sy < s.tol) return false;
        k[0] = (s.sy + s.c * s.own[0]) / s.clip(s.sy * s.sy);
        k[1] = s.sy;
        return true;
    }
    template <class V>
    TZERO_HD static V delta(V s, V y, V h, V const* k, bool) {
        return k[0] * (s * s) - (h * y * s + s * y * h) / k[1];
    }
};
}  // namespace detail

/// torchzero's `DiagonalBFGS` (corrected, above); `diagonal_bfgs().with_inner(c)` runs `c` first.
using diagonal_bfgs = basic_diagonal_quasi_newton<detail::diagonal_bfgs_update>;

}  // namespace tzero
