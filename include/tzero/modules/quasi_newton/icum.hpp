/// @file tzero/modules/quasi_newton/icum.hpp
/// The inverse column-updating method (Lopes & Martínez 1995) with a dense n×n inverse Hessian over
/// every parameter: one column a step,  H[:, j] ← H[:, j] + (s − Hy)/clip(y_j),  j = argmax |y|
/// (the first such index)
/// The schedule, the first step, the tolerances, the scaling and the direct form's solve:
/// modules/detail/dense_quasi_newton.hpp (a dense stage: O(n²) state and work a step).
/// Matches torchzero `tz.m.ICUM()` (modules/quasi_newton/quasi_newton.py).
/// kind: dense stage (global), 6 persistent scalars. state: M, p′, u′ as doubles.
#pragma once
#include <tzero/modules/detail/dense_quasi_newton.hpp>

namespace tzero {

namespace detail {
struct icum_update : dense_inverse_only {
    static constexpr char const* name = "icum";
    template <class Q>
    static void update(Q& q, bool) {
        std::size_t j = 0;
        for (std::size_t i = 1; i < q.n; ++i)
            if (std::abs(q.y[i]) > std::abs(q.y[j])) j = i;
        double const denom = q.clip(q.y[j]);
        q.mv(q.y, q.t1);
        for (std::size_t i = 0; i < q.n; ++i) q.m[i * q.n + j] += (q.s[i] - q.t1[i]) / denom;
    }
};
}  // namespace detail

/// torchzero's `ICUM`.
using icum = basic_dense_quasi_newton<detail::icum_update>;

}  // namespace tzero
