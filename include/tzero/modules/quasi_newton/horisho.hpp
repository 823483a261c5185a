/// @file tzero/modules/quasi_newton/horisho.hpp
/// Hoshino's variable metric method (1972) with a dense n×n inverse Hessian over every parameter
/// (skipped when |yᵀs| ≤ tol):
///   H ← H + (s sᵀ·(1 + 2·yᵀHy/yᵀs) − s (Hᵀy)ᵀ − Hy sᵀ − Hy (Hᵀy)ᵀ)/clip(yᵀs + yᵀHy)
/// The schedule, the first step, the tolerances, the scaling and the direct form's solve:
/// modules/detail/dense_quasi_newton.hpp (a dense stage: O(n²) state and work a step).
/// Matches torchzero `tz.m.Horisho()` (modules/quasi_newton/quasi_newton.py).
/// (torchzero's class name misspells Hoshino; the module keeps its name.)
/// kind: dense stage (global), 6 persistent scalars. state: M, p′, u′ as doubles.
#pragma once
#include <tzero/modules/detail/dense_quasi_newton.hpp>

namespace tzero {

namespace detail {
struct horisho_update : dense_inverse_only {
    static constexpr char const* name = "horisho";
    template <class Q>
    static void update(Q& q, bool) {
        q.mv(q.y, q.t1);  // Hy
        double const ys = q.dot(q.y, q.s);
        if (std::abs(ys) <= q.self.tol) return;
        double const yhy = q.dot(q.y, q.t1);
        double const w = 1 / q.clip(ys + yhy);
        q.mtv(q.y, q.t2);  // Hᵀy
        q.rank1(w * (1 + 2 * yhy / ys), q.s, q.s);
        q.rank1(-w, q.s, q.t2);
        q.rank1(-w, q.t1, q.s);
        q.rank1(-w, q.t1, q.t2);
    }
};
}  // namespace detail

/// torchzero's `Horisho`.
using horisho = basic_dense_quasi_newton<detail::horisho_update>;

}  // namespace tzero
