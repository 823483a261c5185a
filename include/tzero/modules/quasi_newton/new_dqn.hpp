/// @file tzero/modules/quasi_newton/new_dqn.hpp
/// NewDQN, Nosrati & Amini's diagonal quasi-Newton update (Applications of Mathematics 69, 2024):
///   Δ = s²·sᵀy / Σs⁴      (Σs⁴ floored at 2·tiny)
/// and d = u / trunc(B), B used as 1 outside (lb, ub), as DNRTR. The schedule, the first step,
/// the tolerances and the scaling: modules/detail/diagonal_quasi_newton.hpp.
/// Matches torchzero `tz.m.NewDQN(lb=1e-2, ub=1e5)` (modules/quasi_newton/diagonal_quasi_newton.py).
/// Only the direct form exists.
/// kind: reduce (global; 5 sums, 3 maxima), 3 persistent scalars. state: 3 slots (B, p′, u′),
/// then the inner chain's.
#pragma once
#include <tzero/core/config.hpp>
#include <tzero/core/math.hpp>
#include <tzero/modules/detail/diagonal_quasi_newton.hpp>

namespace tzero {

namespace detail {
struct new_dqn_update : direct_form_only {
    static constexpr char const* name = "new_dqn";
    static constexpr double lb = 1e-2, ub = 1e5;
    static constexpr int sum_count = 1, coefficient_count = 1;
    template <class V>
    TZERO_HD static terms<V, 1> sums(V s, V, V, bool) {
        V const s2 = s * s;
        return {{s2 * s2}};
    }
    TZERO_HD static bool coefficients(diagonal_sums const& s, double* k) {
        k[0] = s.sy / s.clip(s.own[0]);
        return true;
    }
    template <class V>
    TZERO_HD static V delta(V s, V, V, V const* k, bool) {
        return s * s * k[0];
    }
};
}  // namespace detail

/// torchzero's `NewDQN`; `with_inner(c)` runs `c` first.
using new_dqn = basic_diagonal_quasi_newton<detail::new_dqn_update>;

}  // namespace tzero
