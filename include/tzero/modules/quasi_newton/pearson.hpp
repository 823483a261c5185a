/// @file tzero/modules/quasi_newton/pearson.hpp
/// Pearson's method (1969) with a dense n×n inverse Hessian over every parameter:
///   H ← H + (s − Hy)(Hy)ᵀ/clip(yᵀHy)
/// The schedule, the first step, the tolerances, the scaling and the direct form's solve:
/// modules/detail/dense_quasi_newton.hpp (a dense stage: O(n²) state and work a step).
/// Matches torchzero `tz.m.Pearson()` (modules/quasi_newton/quasi_newton.py).
/// kind: dense stage (global), 6 persistent scalars. state: M, p′, u′ as doubles.
#pragma once
#include <tzero/modules/detail/dense_quasi_newton.hpp>

namespace tzero {

namespace detail {
struct pearson_update : dense_inverse_only {
    static constexpr char const* name = "pearson";
    template <class Q>
    static void update(Q& q, bool) {
        q.mv(q.y, q.t1);
        double const yhy = q.clip(q.dot(q.y, q.t1));
        q.difference(q.s, q.t1, q.t2);
        q.rank1(1 / yhy, q.t2, q.t1);
    }
};
}  // namespace detail

/// torchzero's `Pearson`.
using pearson = basic_dense_quasi_newton<detail::pearson_update>;

}  // namespace tzero
