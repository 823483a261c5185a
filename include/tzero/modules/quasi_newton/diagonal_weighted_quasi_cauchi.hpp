/// @file tzero/modules/quasi_newton/diagonal_weighted_quasi_cauchi.hpp
/// Diagonal weighted quasi-Cauchy (Leong, Enshaei & Kek 2021): the quasi-Cauchy update in a
/// Frobenius norm weighted by B itself, so that each element moves in proportion to (s·B)²:
///   E = s²·B²,   Δ = E·(sᵀy − sᵀBs) / Σ s²·E      (the denominator floored at 2·tiny)
/// d = u / B. The schedule, the first step, the tolerances and the scaling:
/// modules/detail/diagonal_quasi_newton.hpp. Matches torchzero
/// `tz.m.DiagonalWeightedQuasiCauchi()` (modules/quasi_newton/diagonal_quasi_newton.py). Only the
/// direct form exists.
/// kind: reduce (global; 6 sums, 3 maxima), 3 persistent scalars. state: 3 slots (B, p′, u′),
/// then the inner chain's.
#pragma once
#include <tzero/core/config.hpp>
#include <tzero/core/math.hpp>
#include <tzero/modules/detail/diagonal_quasi_newton.hpp>

namespace tzero {

namespace detail {
struct diagonal_weighted_quasi_cauchi_update : direct_form_only, unbounded_diagonal {
    static constexpr char const* name = "diagonal_weighted_quasi_cauchi";
    static constexpr int sum_count = 2, coefficient_count = 1;
    template <class V>
    TZERO_HD static terms<V, 2> sums(V s, V, V b, bool) {
        V const s2 = s * s;
        return {{s2 * s2 * (b * b), s2 * b}};
    }
    TZERO_HD static bool coefficients(diagonal_sums const& s, double* k) {
        k[0] = (s.sy - s.c * s.own[1]) / s.clip(s.c * s.c * s.own[0]);
        return true;
    }
    template <class V>
    TZERO_HD static V delta(V s, V, V b, V const* k, bool) {
        return s * s * (b * b) * k[0];
    }
};
}  // namespace detail

/// torchzero's `DiagonalWeightedQuasiCauchi`; `with_inner(c)` runs `c` first.
using diagonal_weighted_quasi_cauchi = basic_diagonal_quasi_newton<detail::diagonal_weighted_quasi_cauchi_update>;

}  // namespace tzero
