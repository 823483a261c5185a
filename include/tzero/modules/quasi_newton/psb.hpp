/// @file tzero/modules/quasi_newton/psb.hpp
/// Powell's symmetric Broyden method with a dense n×n Hessian B over every parameter (Spedicato &
/// Huang 1997; only the direct form exists, so inverse = false by default):
///   B ← B + (r sᵀ + s rᵀ)/clip(sᵀs) − (rᵀs)·s sᵀ/clip((sᵀs)²),  r = y − Bs
/// The schedule, the first step, the tolerances, the scaling and the direct form's solve:
/// modules/detail/dense_quasi_newton.hpp (a dense stage: O(n²) state and work a step).
/// Matches torchzero `tz.m.PSB()` (modules/quasi_newton/quasi_newton.py).
/// kind: dense stage (global), 6 persistent scalars. state: M, p′, u′ as doubles.
#pragma once
#include <tzero/modules/detail/dense_quasi_newton.hpp>

namespace tzero {

namespace detail {
struct psb_update : dense_update_defaults {
    static constexpr char const* name = "psb";
    static constexpr bool inverse = false, has_inverse = false, has_direct = true;
    template <class Q>
    static void update(Q& q, bool) {
        q.mv(q.s, q.t1);
        q.difference(q.y, q.t1, q.t1);  // r
        double const ss = q.clip(q.dot(q.s, q.s));
        double const rs = q.dot(q.t1, q.s);
        q.rank1(1 / ss, q.t1, q.s);
        q.rank1(1 / ss, q.s, q.t1);
        q.rank1(-rs / q.clip(ss * ss), q.s, q.s);
    }
};
}  // namespace detail

/// torchzero's `PSB`.
using psb = basic_dense_quasi_newton<detail::psb_update>;

}  // namespace tzero
