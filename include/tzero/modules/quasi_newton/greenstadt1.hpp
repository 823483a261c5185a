/// @file tzero/modules/quasi_newton/greenstadt1.hpp
/// Greenstadt's first method with a dense n×n inverse Hessian over every parameter (Spedicato &
/// Huang 1997):  H ← H − (Hy − s) cᵀ/clip(cᵀy),  c = u′ (the previous update entering the module)
/// The schedule, the first step, the tolerances, the scaling and the direct form's solve:
/// modules/detail/dense_quasi_newton.hpp (a dense stage: O(n²) state and work a step).
/// Matches torchzero `tz.m.Greenstadt1()` (modules/quasi_newton/quasi_newton.py).
/// One correction: torchzero's `g_prev` is the state buffer it has just overwritten with u, so
/// its c is the current u; here c is the previous u′ the method names (docs/modules.md,
/// divergences; the reference runs a corrected class).
/// kind: dense stage (global), 6 persistent scalars. state: M, p′, u′ as doubles.
#pragma once
#include <tzero/modules/detail/dense_quasi_newton.hpp>

namespace tzero {

namespace detail {
struct greenstadt1_update : dense_inverse_only {
    static constexpr char const* name = "greenstadt1";
    template <class Q>
    static void update(Q& q, bool) {
        for (std::size_t i = 0; i < q.n; ++i) q.t1[i] = q.g[i] - q.y[i];  // c = u′ = u − y
        q.huang(q.t1, q.t2);
    }
};
}  // namespace detail

/// torchzero's `Greenstadt1`.
using greenstadt1 = basic_dense_quasi_newton<detail::greenstadt1_update>;

}  // namespace tzero
