/// @file tzero/modules/quasi_newton/broyden_good.hpp
/// Broyden's "good" method with a dense n×n matrix over every parameter (Spedicato & Huang 1997):
///   H ← H − (Hy − s) cᵀ/clip(cᵀy),  c = Hᵀs
///   B ← B + (y − Bs) sᵀ/clip(sᵀs)
/// The schedule, the first step, the tolerances, the scaling and the direct form's solve:
/// modules/detail/dense_quasi_newton.hpp (a dense stage: O(n²) state and work a step).
/// Matches torchzero `tz.m.BroydenGood()` (modules/quasi_newton/quasi_newton.py).
/// kind: dense stage (global), 6 persistent scalars. state: M, p′, u′ as doubles.
#pragma once
#include <tzero/modules/detail/dense_quasi_newton.hpp>

namespace tzero {

namespace detail {
struct broyden_good_update : dense_both_forms {
    static constexpr char const* name = "broyden_good";
    template <class Q>
    static void update(Q& q, bool inverse) {
        if (inverse) {
            q.mtv(q.s, q.t1);  // c = Hᵀs
            q.huang(q.t1, q.t2);
        } else {
            q.mv(q.s, q.t1);
            q.difference(q.y, q.t1, q.t1);
            q.rank1(1 / q.clip(q.dot(q.s, q.s)), q.t1, q.s);
        }
    }
};
}  // namespace detail

/// torchzero's `BroydenGood`.
using broyden_good = basic_dense_quasi_newton<detail::broyden_good_update>;

}  // namespace tzero
