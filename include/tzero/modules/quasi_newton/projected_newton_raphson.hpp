/// @file tzero/modules/quasi_newton/projected_newton_raphson.hpp
/// The projected Newton–Raphson method (Pearson 1969, "Algorithm 7") with a dense n×n inverse
/// Hessian H and a second matrix R over every parameter (R = I when first needed):
///   H ← H − Hy (Hy)ᵀ/clip(yᵀHy),  R ← R + (s − Ry)(Hy)ᵀ/clip(yᵀHy)
/// and a reset (every n + 1 updates by default: restart_interval = −1) sets H ← R, unscaled.
/// The schedule, the first step, the tolerances, the scaling and the direct form's solve:
/// modules/detail/dense_quasi_newton.hpp (a dense stage: O(n²) state and work a step).
/// Matches torchzero `tz.m.ProjectedNewtonRaphson()` (modules/quasi_newton/quasi_newton.py).
/// kind: dense stage (global), 6 persistent scalars. state: M and R, p′, u′ as doubles.
#pragma once
#include <tzero/modules/detail/dense_quasi_newton.hpp>

namespace tzero {

namespace detail {
struct projected_newton_raphson_update : dense_inverse_only {
    static constexpr char const* name = "projected_newton_raphson";
    static constexpr bool second_matrix = true;
    static constexpr long restart_interval = -1;  // n + 1
    template <class Q>
    static void update(Q& q, bool) {
        if (!*q.r_exists) q.identity(q.r), *q.r_exists = true;
        q.mv(q.y, q.t1);  // Hy
        double const yhy = q.clip(q.dot(q.y, q.t1));
        q.rank1(-1 / yhy, q.t1, q.t1);
        q.ctx.gemv(false, q.r, q.y, q.t2);
        q.difference(q.s, q.t2, q.t2);
        q.rank1(1 / yhy, q.t2, q.t1, q.r);
    }
    template <class Q>
    static void reset(Q& q) {
        if (!*q.r_exists) q.identity(q.r), *q.r_exists = true;
        for (std::size_t i = 0; i < q.n * q.n; ++i) q.m[i] = q.r[i];
    }
};
}  // namespace detail

/// torchzero's `ProjectedNewtonRaphson`.
using projected_newton_raphson = basic_dense_quasi_newton<detail::projected_newton_raphson_update>;

}  // namespace tzero
