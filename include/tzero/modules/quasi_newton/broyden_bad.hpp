/// @file tzero/modules/quasi_newton/broyden_bad.hpp
/// Broyden's "bad" method with a dense n×n matrix over every parameter (Spedicato & Huang 1997):
///   H ← H + (s − Hy) yᵀ/clip(yᵀy)
///   B ← B + (y − Bs) yᵀ/clip(yᵀs)
/// The schedule, the first step, the tolerances, the scaling and the direct form's solve:
/// modules/detail/dense_quasi_newton.hpp (a dense stage: O(n²) state and work a step).
/// Matches torchzero `tz.m.BroydenBad()` (modules/quasi_newton/quasi_newton.py).
/// kind: dense stage (global), 6 persistent scalars. state: M, p′, u′ as doubles.
#pragma once
#include <tzero/modules/detail/dense_quasi_newton.hpp>

namespace tzero {

namespace detail {
struct broyden_bad_update : dense_both_forms {
    static constexpr char const* name = "broyden_bad";
    template <class Q>
    static void update(Q& q, bool inverse) {
        double const* const a = inverse ? q.s : q.y;  // M ← M + (a − M·b) yᵀ/clip(yᵀb)
        double const* const b = inverse ? q.y : q.s;
        q.mv(b, q.t1);
        q.difference(a, q.t1, q.t1);
        q.rank1(1 / q.clip(q.dot(q.y, b)), q.t1, q.y);
    }
};
}  // namespace detail

/// torchzero's `BroydenBad`.
using broyden_bad = basic_dense_quasi_newton<detail::broyden_bad_update>;

}  // namespace tzero
