/// @file tzero/modules/quasi_newton/thomas_optimal_method.hpp
/// Thomas's "optimal" method (1975) with a dense n×n inverse Hessian H and a second matrix R over
/// every parameter (R = I when it is first needed and after a reset):
///   d = (R + ‖s‖/2·I)·s,  R ← (1 + ‖s‖)·(‖s‖·I + R − d dᵀ/clip(dᵀs))
///   H ← H − (Hy − s) cᵀ/clip(cᵀy),  c = Hᵀd
/// The schedule, the first step, the tolerances, the scaling and the direct form's solve:
/// modules/detail/dense_quasi_newton.hpp (a dense stage: O(n²) state and work a step).
/// Matches torchzero `tz.m.ThomasOptimalMethod()` (modules/quasi_newton/quasi_newton.py).
/// kind: dense stage (global), 6 persistent scalars. state: M and R, p′, u′ as doubles.
#pragma once
#include <tzero/modules/detail/dense_quasi_newton.hpp>

namespace tzero {

namespace detail {
struct thomas_update : dense_inverse_only {
    static constexpr char const* name = "thomas_optimal_method";
    static constexpr bool second_matrix = true, clears_r_on_reset = true;
    template <class Q>
    static void update(Q& q, bool) {
        std::size_t const n = q.n;
        if (!*q.r_exists) q.identity(q.r), *q.r_exists = true;
        double const s_norm = std::sqrt(q.dot(q.s, q.s));
        q.ctx.gemv(false, q.r, q.s, q.t1);  // d = R·s + ‖s‖/2·s
        for (std::size_t i = 0; i < n; ++i) q.t1[i] += s_norm / 2 * q.s[i];
        double const ds = q.clip(q.dot(q.t1, q.s));
        q.rank1(-1 / ds, q.t1, q.t1, q.r);
        for (std::size_t i = 0; i < n; ++i) q.r[i * n + i] += s_norm;
        for (std::size_t i = 0; i < n * n; ++i) q.r[i] *= 1 + s_norm;
        q.mtv(q.t1, q.t2);  // c = Hᵀd
        q.huang(q.t2, q.t3);
    }
};
}  // namespace detail

/// torchzero's `ThomasOptimalMethod`.
using thomas_optimal_method = basic_dense_quasi_newton<detail::thomas_update>;

}  // namespace tzero
