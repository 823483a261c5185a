/// @file tzero/modules/quasi_newton/ssvm.hpp
/// The self-scaling variable metric method (Oren & Spedicato 1976) with a dense n×n inverse Hessian
/// over every parameter (skipped when sᵀy < tol): with o = sᵀy, t = clip(yᵀHy), e = uᵀs/clip(uᵀHy),
/// v = √t·(s/o − Hy/t) and (φ, θ) from `switch_rule` (torchzero's `switch`: rules 1 and 3 pick from
/// e/o and o/t, rule 2 φ = √(e/t), θ = 1/(1 + √(t·e/o²)), rule 4 φ = e/t, θ = ½; or a fixed pair),
///   H ← c·(H − Hy (Hᵀy)ᵀ/t + θ·v vᵀ) + s sᵀ/o,  c = φ·uᵀs/clip(uᵀHy) + (1 − φ)·o/t
/// The schedule, the first step, the tolerances, the scaling and the direct form's solve:
/// modules/detail/dense_quasi_newton.hpp (a dense stage: O(n²) state and work a step).
/// Matches torchzero `tz.m.SSVM(switch=3)` (modules/quasi_newton/quasi_newton.py).
/// kind: dense stage (global), 6 persistent scalars. state: M, p′, u′ as doubles.
#pragma once
#include <tzero/modules/detail/dense_quasi_newton.hpp>

namespace tzero {

namespace detail {
struct ssvm_update : dense_inverse_only {
    static constexpr char const* name = "ssvm";
    static constexpr bool uses_switch = true;
    template <class Q>
    static void update(Q& q, bool) {
        std::size_t const n = q.n;
        q.mv(q.y, q.t1);  // Hy
        double const ghy = q.clip(q.dot(q.g, q.t1));
        double const yhy = q.clip(q.dot(q.y, q.t1));
        double const sy = q.dot(q.s, q.y);
        if (sy < q.self.tol) return;
        for (std::size_t i = 0; i < n; ++i) q.t2[i] = (q.s[i] / sy - q.t1[i] / yhy) * std::sqrt(yhy);  // v
        double const gs = q.dot(q.g, q.s);
        double phi = q.self.phi, theta = q.self.theta;
        double const o = sy, t = yhy, e = gs / ghy;
        switch (q.self.switch_rule) {
            case ssvm_switch::fixed:
                break;
            case ssvm_switch::rule1:
            case ssvm_switch::rule3:
                if (e / o <= 1) {
                    phi = e / q.clip(o), theta = 0;
                } else if (o / t >= 1) {
                    phi = o / q.clip(t), theta = 1;
                } else {
                    double const denom = q.clip(e * t - o * o);
                    phi = 1;
                    theta = q.self.switch_rule == ssvm_switch::rule1 ? o * (e - o) / denom : o * (t - o) / denom;
                }
                break;
            case ssvm_switch::rule2: {
                double const tc = q.clip(t), oc = q.clip(o), ec = q.clip(e);
                phi = std::sqrt(ec / tc);
                theta = 1 / (1 + std::sqrt(tc * ec / (oc * oc)));
                break;
            }
            case ssvm_switch::rule4:
                phi = e / q.clip(t), theta = 0.5;
                break;
        }
        double const c = phi * (gs / ghy) + (1 - phi) * (sy / yhy);
        q.mtv(q.y, q.t3);  // Hᵀy
        q.rank1(-1 / yhy, q.t1, q.t3);
        q.rank1(theta, q.t2, q.t2);
        for (std::size_t i = 0; i < n * n; ++i) q.m[i] *= c;
        q.rank1(1 / sy, q.s, q.s);
    }
};
}  // namespace detail

/// torchzero's `SSVM`.
using ssvm = basic_dense_quasi_newton<detail::ssvm_update>;

}  // namespace tzero
