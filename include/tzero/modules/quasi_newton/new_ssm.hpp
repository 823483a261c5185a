/// @file tzero/modules/quasi_newton/new_ssm.hpp
/// The self-scaling method of Moghrabi, Hassan & Askar (2022) with a dense n×n inverse Hessian over
/// every parameter (skipped when sᵀy < tol), from the loss f and that of the last update f′:
///   H ← H − (Hy sᵀ + s (Hᵀy)ᵀ)/sᵀy + (1/π + yᵀHy/sᵀy)·s sᵀ/sᵀy,
///   π = (2·sᵀy + 2(f − f′))/sᵀy (type 1) or (f′ − f + 1/(2·sᵀy))/sᵀy (type 2)
/// It reads the loss: step(grads, loss), or a closure.
/// The schedule, the first step, the tolerances, the scaling and the direct form's solve:
/// modules/detail/dense_quasi_newton.hpp (a dense stage: O(n²) state and work a step).
/// Matches torchzero `tz.m.NewSSM(type=1)` (modules/quasi_newton/quasi_newton.py).
/// kind: dense stage (global), 6 persistent scalars. state: M, p′, u′ as doubles.
#pragma once
#include <tzero/modules/detail/dense_quasi_newton.hpp>

namespace tzero {

namespace detail {
struct new_ssm_update : dense_inverse_only {
    static constexpr char const* name = "new_ssm";
    static constexpr bool uses_loss = true, uses_type = true;
    template <class Q>
    static void update(Q& q, bool) {
        double const sy = q.dot(q.s, q.y);
        if (sy < q.self.tol) return;
        double const pba =
            q.self.type == 1 ? (2 * sy + 2 * (q.f - q.f_prev)) / sy : (q.f_prev - q.f + 1 / (2 * sy)) / sy;
        q.symmetric_rank_two(1 / pba, sy);
    }
};
}  // namespace detail

/// torchzero's `NewSSM`.
using new_ssm = basic_dense_quasi_newton<detail::new_ssm_update>;

}  // namespace tzero
