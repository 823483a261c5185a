/// @file tzero/modules/quasi_newton/fletcher_vmm.hpp
/// Fletcher's variable metric method (1970) with a dense n×n inverse Hessian over every parameter
/// (skipped when |sᵀy| < tol):
///   H ← H − (s (Hᵀy)ᵀ + Hy sᵀ)/sᵀy + (1 + yᵀHy/sᵀy)·s sᵀ/sᵀy
/// The schedule, the first step, the tolerances, the scaling and the direct form's solve:
/// modules/detail/dense_quasi_newton.hpp (a dense stage: O(n²) state and work a step).
/// Matches torchzero `tz.m.FletcherVMM()` (modules/quasi_newton/quasi_newton.py).
/// kind: dense stage (global), 6 persistent scalars. state: M, p′, u′ as doubles.
#pragma once
#include <tzero/modules/detail/dense_quasi_newton.hpp>

namespace tzero {

namespace detail {
struct fletcher_vmm_update : dense_inverse_only {
    static constexpr char const* name = "fletcher_vmm";
    template <class Q>
    static void update(Q& q, bool) {
        double const sy = q.dot(q.s, q.y);
        if (std::abs(sy) < q.self.tol) return;
        q.symmetric_rank_two(1, sy);
    }
};
}  // namespace detail

/// torchzero's `FletcherVMM`.
using fletcher_vmm = basic_dense_quasi_newton<detail::fletcher_vmm_update>;

}  // namespace tzero
