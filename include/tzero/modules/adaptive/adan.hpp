/// @file tzero/modules/adaptive/adan.hpp
/// Adan: Nesterov-style momentum of the update and of its differences, over the root of an EMA
/// of the squared Nesterov-corrected update, each debiased.
///   m ← lerp(m, u, 1 − β1)
///   t = 1:  n ← β3·n + (1 − β3)·u²                               (v stays 0)
///   t > 1:  d = u − u_prev,  v ← lerp(v, d, 1 − β2),  n ← β3·n + (1 − β3)·(u + β2·d)²
///   u_prev ← u
///   u ← (m/(1 − β1ᵗ) + β2·v/(1 − β2ᵗ)) / (√(n/(1 − β3ᵗ)) + ε)
/// Matches torchzero `tz.m.Adan(beta1=0.98, beta2=0.92, beta3=0.99, eps=1e-8)`
/// (modules/adaptive/adan.py; Xie et al. 2024, "Adan: Adaptive Nesterov Momentum Algorithm").
/// torchzero's betas are one minus the paper's, and its output is the direction only: the
/// paper's step size and decoupled weight decay come from `lr` and `weight_decay` after it.
/// torchzero's `m_tfm`, `v_tfm`, `n_tfm` (inner chains on the moments) are not supported yet.
/// kind: elementwise. state: 4 slots (m, v, n, u_prev).
#pragma once
#include <cmath>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct adan {
    double beta1 = 0.98;
    double beta2 = 0.92;
    double beta3 = 0.99;
    double eps = 1e-8;

    using kind = elementwise;
    static constexpr int state_slots = 4;
    static constexpr char const* name = "adan";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"beta1", &adan::beta1}, field{"beta2", &adan::beta2}, field{"beta3", &adan::beta3},
                          field{"eps", &adan::eps}};
    }

    constexpr void validate() const {
        detail::check(beta1 >= 0 && beta1 < 1, "tzero: adan: beta1 must be in [0, 1)", beta1);
        detail::check(beta2 >= 0 && beta2 < 1, "tzero: adan: beta2 must be in [0, 1)", beta2);
        detail::check(beta3 >= 0 && beta3 < 1, "tzero: adan: beta3 must be in [0, 1)", beta3);
        detail::check(eps > 0, "tzero: adan: eps must be > 0", eps);
    }

    struct coeffs {
        bool first;                   ///< no previous update yet: v is not updated, n sees u²
        double bias1, bias2, bias3;   ///< 1 − βᵢᵗ, dividing m, v and n
    };
    coeffs per_step(long t) const {
        return {t == 1, 1 - std::pow(beta1, double(t)), 1 - std::pow(beta2, double(t)),
                1 - std::pow(beta3, double(t))};
    }

    template <class V>
    TZERO_HD V apply(V u, element<V, 4> e, coeffs k) const {
        V& m = e.state[0];
        V& v = e.state[1];
        V& n = e.state[2];
        V& prev = e.state[3];
        m = math::lerp(m, u, 1 - beta1);
        V term = u;
        if (!k.first) {
            V d = u - prev;
            v = math::lerp(v, d, 1 - beta2);
            term = u + V(beta2) * d;
        }
        n = n * V(beta3) + V(1 - beta3) * term * term;
        prev = u;
        return (m / V(k.bias1) + V(beta2) * (v / V(k.bias2))) / (math::sqrt(n / V(k.bias3)) + V(eps));
    }
};

}  // namespace tzero
