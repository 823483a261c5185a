/// @file tzero/modules/quasi_newton/dfp.hpp
/// Davidon–Fletcher–Powell with a dense n×n matrix over every parameter (skipped when |sᵀy| ≤ tol):
///   H ← H + s sᵀ/sᵀy − Hy (Hᵀy)ᵀ/clip(yᵀHy)
///   B ← (I − y sᵀ/sᵀy)·B·(I − s yᵀ/sᵀy) + y yᵀ/sᵀy, expanded into four rank-one updates
/// The schedule, the first step, the tolerances, the scaling and the direct form's solve:
/// modules/detail/dense_quasi_newton.hpp (a dense stage: O(n²) state and work a step).
/// Matches torchzero `tz.m.DFP()` (modules/quasi_newton/quasi_newton.py).
/// kind: dense stage (global), 6 persistent scalars. state: M, p′, u′ as doubles.
#pragma once
#include <tzero/modules/detail/dense_quasi_newton.hpp>

namespace tzero {

namespace detail {
struct dfp_update : dense_both_forms {
    static constexpr char const* name = "dfp";
    template <class Q>
    static void update(Q& q, bool inverse) {
        double const sy = q.dot(q.s, q.y);
        if (std::abs(sy) <= q.self.tol) return;
        if (inverse) {
            q.mv(q.y, q.t1);   // Hy
            q.mtv(q.y, q.t2);  // Hᵀy
            double const yhy = q.clip(q.dot(q.y, q.t1));
            q.rank1(1 / sy, q.s, q.s);
            q.rank1(-1 / yhy, q.t1, q.t2);
        } else {               // with a = y/sᵀy: B − Bs aᵀ − a (Bᵀs)ᵀ + (sᵀBs)·a aᵀ + y yᵀ/sᵀy
            q.mv(q.s, q.t1);   // Bs
            q.mtv(q.s, q.t2);  // Bᵀs
            double const sbs = q.dot(q.s, q.t1);
            for (std::size_t i = 0; i < q.n; ++i) q.t3[i] = q.y[i] / sy;
            q.rank1(-1, q.t1, q.t3);
            q.rank1(-1, q.t3, q.t2);
            q.rank1(sbs, q.t3, q.t3);
            q.rank1(1 / sy, q.y, q.y);
        }
    }
};
}  // namespace detail

/// torchzero's `DFP`.
using dfp = basic_dense_quasi_newton<detail::dfp_update>;

}  // namespace tzero
