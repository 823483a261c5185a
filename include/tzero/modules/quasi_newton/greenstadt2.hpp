/// @file tzero/modules/quasi_newton/greenstadt2.hpp
/// Greenstadt's second method with a dense n×n inverse Hessian over every parameter (Spedicato &
/// Huang 1997):  H ← H − (Hy − s) cᵀ/clip(cᵀy),  c = H·Hy
/// The schedule, the first step, the tolerances, the scaling and the direct form's solve:
/// modules/detail/dense_quasi_newton.hpp (a dense stage: O(n²) state and work a step).
/// Matches torchzero `tz.m.Greenstadt2()` (modules/quasi_newton/quasi_newton.py).
/// kind: dense stage (global), 6 persistent scalars. state: M, p′, u′ as doubles.
#pragma once
#include <tzero/modules/detail/dense_quasi_newton.hpp>

namespace tzero {

namespace detail {
struct greenstadt2_update : dense_inverse_only {
    static constexpr char const* name = "greenstadt2";
    template <class Q>
    static void update(Q& q, bool) {
        q.mv(q.y, q.t1);   // Hy
        q.mv(q.t1, q.t2);  // c = H·Hy
        q.huang(q.t2, q.t1, true);
    }
};
}  // namespace detail

/// torchzero's `Greenstadt2`.
using greenstadt2 = basic_dense_quasi_newton<detail::greenstadt2_update>;

}  // namespace tzero
