/// @file tzero/modules/quasi_newton/bfgs.hpp
/// Broyden–Fletcher–Goldfarb–Shanno with a dense n×n matrix over every parameter:
///   H ← H + ρ(1 + ρ·yᵀHy)·s sᵀ − ρ·(Hy sᵀ + s (Hy)ᵀ),  ρ = 1/sᵀy   (skipped when sᵀy ≤ tol)
///   B ← B + y yᵀ/sᵀy − Bs (Bs)ᵀ/clip(sᵀBs)                  (inverse = false; skipped when sᵀy < tol)
/// The schedule, the first step, the tolerances, the scaling and the direct form's solve:
/// modules/detail/dense_quasi_newton.hpp (a dense stage: O(n²) state and work a step).
/// Matches torchzero `tz.m.BFGS()` (modules/quasi_newton/quasi_newton.py).
/// kind: dense stage (global), 6 persistent scalars. state: M, p′, u′ as doubles.
#pragma once
#include <tzero/modules/detail/dense_quasi_newton.hpp>

namespace tzero {

namespace detail {
struct bfgs_update : dense_both_forms {
    static constexpr char const* name = "bfgs";
    template <class Q>
    static void update(Q& q, bool inverse) {
        double const sy = q.dot(q.s, q.y);
        if (inverse) {
            if (sy <= q.self.tol) return;
            double const rho = 1 / sy;
            q.mv(q.y, q.t1);  // Hy
            double const yhy = q.dot(q.y, q.t1);
            q.rank1(rho * (1 + rho * yhy), q.s, q.s);
            q.rank1(-rho, q.t1, q.s);
            q.rank1(-rho, q.s, q.t1);
        } else {
            if (sy < q.self.tol) return;
            q.mv(q.s, q.t1);  // Bs
            double const sbs = q.clip(q.dot(q.s, q.t1));
            q.rank1(1 / sy, q.y, q.y);
            q.rank1(-1 / sbs, q.t1, q.t1);
        }
    }
};
}  // namespace detail

/// torchzero's `BFGS`.
using bfgs = basic_dense_quasi_newton<detail::bfgs_update>;

}  // namespace tzero
