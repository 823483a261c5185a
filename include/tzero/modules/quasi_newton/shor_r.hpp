/// @file tzero/modules/quasi_newton/shor_r.hpp
/// Shor's r-algorithm (space dilation along the gradient difference; Burke, Lewis & Overton 2008)
/// with a dense n×n inverse Hessian over every parameter:
///   H ← H − (1 − α²)·Hy (Hy)ᵀ/clip(yᵀHy)
/// init_scale is 1 by default; a line search that overshoots a little suits it (torchzero's notes).
/// The schedule, the first step, the tolerances, the scaling and the direct form's solve:
/// modules/detail/dense_quasi_newton.hpp (a dense stage: O(n²) state and work a step).
/// Matches torchzero `tz.m.ShorR(alpha=0.5)` (modules/quasi_newton/quasi_newton.py).
/// kind: dense stage (global), 6 persistent scalars. state: M, p′, u′ as doubles.
#pragma once
#include <tzero/modules/detail/dense_quasi_newton.hpp>

namespace tzero {

namespace detail {
struct shor_r_update : dense_inverse_only {
    static constexpr char const* name = "shor_r";
    static constexpr double init_scale = 1;
    static constexpr bool uses_alpha = true;
    template <class Q>
    static void update(Q& q, bool) {
        q.mv(q.y, q.t1);
        double const yhy = q.clip(q.dot(q.y, q.t1));
        q.rank1(-(1 - q.self.alpha * q.self.alpha) / yhy, q.t1, q.t1);
    }
};
}  // namespace detail

/// torchzero's `ShorR`.
using shor_r = basic_dense_quasi_newton<detail::shor_r_update>;

}  // namespace tzero
