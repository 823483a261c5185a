/// @file tzero/modules/quasi_newton/sr1.hpp
/// Symmetric rank one with a dense n×n matrix over every parameter:
///   H ← H + z zᵀ/clip(zᵀy),  z = s − Hy   (skipped when |zᵀy| ≤ tol·‖y‖·‖z‖, Nocedal & Wright p.146)
///   B: the same with s and y exchanged (z = y − Bs)
/// The schedule, the first step, the tolerances, the scaling and the direct form's solve:
/// modules/detail/dense_quasi_newton.hpp (a dense stage: O(n²) state and work a step).
/// Matches torchzero `tz.m.SR1()` (modules/quasi_newton/quasi_newton.py).
/// kind: dense stage (global), 6 persistent scalars. state: M, p′, u′ as doubles.
#pragma once
#include <tzero/modules/detail/dense_quasi_newton.hpp>

namespace tzero {

namespace detail {
struct sr1_update : dense_both_forms {
    static constexpr char const* name = "sr1";
    template <class Q>
    static void update(Q& q, bool inverse) {
        double const* const a = inverse ? q.s : q.y;  // z = a − M·b
        double const* const b = inverse ? q.y : q.s;
        q.mv(b, q.t1);
        q.difference(a, q.t1, q.t1);
        double const denom = q.dot(q.t1, b);
        if (std::abs(denom) <= q.self.tol * std::sqrt(q.dot(b, b)) * std::sqrt(q.dot(q.t1, q.t1))) return;
        q.rank1(1 / q.clip(denom), q.t1, q.t1);
    }
};
}  // namespace detail

/// torchzero's `SR1`.
using sr1 = basic_dense_quasi_newton<detail::sr1_update>;

}  // namespace tzero
