/// @file tzero/modules/quasi_newton/dnrtr.hpp
/// DNRTR, Andrei's diagonal quasi-Newton update (Numerical Algorithms 81, 2019):
///   Δ = s²·(sᵀy + sᵀs − sᵀBs) / Σs⁴ − 1      (Σs⁴ floored at 2·tiny)
/// and d = u / trunc(B), B used as 1 outside (lb, ub). The schedule, the first step, the
/// tolerances and the scaling: modules/detail/diagonal_quasi_newton.hpp.
/// Matches torchzero `tz.m.DNRTR(lb=1e-2, ub=1e5)` (modules/quasi_newton/diagonal_quasi_newton.py)
/// with one correction: torchzero's class calls the weighted quasi-Cauchy update and leaves its
/// own `dnrtr_B_` unused (docs/modules.md, divergences). Only the direct form exists.
/// kind: reduce (global; 7 sums, 3 maxima), 3 persistent scalars. state: 3 slots (B, p′, u′),
/// then the inner chain's.
#pragma once
#include <tzero/core/config.hpp>
#include <tzero/core/math.hpp>
#include <tzero/modules/detail/diagonal_quasi_newton.hpp>

namespace tzero {

namespace detail {
struct dnrtr_update : direct_form_only {
    static constexpr char const* name = "dnrtr";
    static constexpr double lb = 1e-2, ub = 1e5;
    static constexpr int sum_count = 3, coefficient_count = 1;
    template <class V>
    TZERO_HD static terms<V, 3> sums(V s, V, V b, bool) {
        V const s2 = s * s;
        return {{s2 * s2, s2 * b, s2}};
    }
    TZERO_HD static bool coefficients(diagonal_sums const& s, double* k) {
        k[0] = (s.sy + s.own[2] - s.c * s.own[1]) / s.clip(s.own[0]);
        return true;
    }
    template <class V>
    TZERO_HD static V delta(V s, V, V, V const* k, bool) {
        return s * s * k[0] - V(1);
    }
};
}  // namespace detail

/// torchzero's `DNRTR` (corrected, above); `with_inner(c)` runs `c` first.
using dnrtr = basic_diagonal_quasi_newton<detail::dnrtr_update>;

}  // namespace tzero
