/// @file tzero/modules/quasi_newton/mccormick.hpp
/// McCormick's method (Pearson 1969, "Algorithm 2") with a dense n×n inverse Hessian over every
/// parameter:  H ← H + (s − Hy) sᵀ/clip(sᵀy)
/// The schedule, the first step, the tolerances, the scaling and the direct form's solve:
/// modules/detail/dense_quasi_newton.hpp (a dense stage: O(n²) state and work a step).
/// Matches torchzero `tz.m.McCormick()` (modules/quasi_newton/quasi_newton.py).
/// kind: dense stage (global), 6 persistent scalars. state: M, p′, u′ as doubles.
#pragma once
#include <tzero/modules/detail/dense_quasi_newton.hpp>

namespace tzero {

namespace detail {
struct mccormick_update : dense_inverse_only {
    static constexpr char const* name = "mccormick";
    template <class Q>
    static void update(Q& q, bool) {
        double const sy = q.clip(q.dot(q.s, q.y));
        q.mv(q.y, q.t1);
        q.difference(q.s, q.t1, q.t1);
        q.rank1(1 / sy, q.t1, q.s);
    }
};
}  // namespace detail

/// torchzero's `McCormick`.
using mccormick = basic_dense_quasi_newton<detail::mccormick_update>;

}  // namespace tzero
