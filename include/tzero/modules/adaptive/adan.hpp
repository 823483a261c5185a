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
/// torchzero's `m_tfm`, `v_tfm` and `n_tfm` are inner chains run on copies of m, v and n after
/// they are stepped and before they are debiased, whose outputs take their places in the last
/// formula (the stored moments stay Adan's own; on the first step `v_tfm` sees v = 0):
/// `adan().with_m_tfm(clip_value(0.1)).with_n_tfm(ema(0.5))` (core/branch.hpp, "inner chain").
/// Their slots follow Adan's and their math is inlined: still one pass.
/// kind: elementwise. state: 4 slots (m, v, n, u_prev), then the inner chains' (m's, v's, n's).
#pragma once
#include <cmath>
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

/// The Adan behind `adan`, with its inner chains (`no_inner` when absent) in the type.
template <inner_operand MTfm = no_inner, inner_operand VTfm = no_inner, inner_operand NTfm = no_inner>
struct basic_adan {
    double beta1 = 0.98;
    double beta2 = 0.92;
    double beta3 = 0.99;
    double eps = 1e-8;
    MTfm m_tfm{};  ///< run on m before debiasing (`with_m_tfm`)
    VTfm v_tfm{};  ///< run on v before debiasing (`with_v_tfm`)
    NTfm n_tfm{};  ///< run on n before debiasing and the root (`with_n_tfm`)

    using kind = elementwise;
    static constexpr int own_slots = 4;
    static constexpr int state_slots = state_slots_of<basic_adan>;
    static constexpr char const* name = "adan";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"beta1", &basic_adan::beta1}, field{"beta2", &basic_adan::beta2},
                          field{"beta3", &basic_adan::beta3}, field{"eps", &basic_adan::eps},
                          field{"m_tfm", &basic_adan::m_tfm}, field{"v_tfm", &basic_adan::v_tfm},
                          field{"n_tfm", &basic_adan::n_tfm}};
    }

    /// This Adan with `c` run on m (torchzero's `m_tfm`).
    template <module_or_chain C>
    constexpr auto with_m_tfm(C const& c) const {
        return basic_adan<inner_t<C>, VTfm, NTfm>{beta1, beta2, beta3, eps, c, v_tfm, n_tfm};
    }
    /// This Adan with `c` run on v (torchzero's `v_tfm`).
    template <module_or_chain C>
    constexpr auto with_v_tfm(C const& c) const {
        return basic_adan<MTfm, inner_t<C>, NTfm>{beta1, beta2, beta3, eps, m_tfm, c, n_tfm};
    }
    /// This Adan with `c` run on n (torchzero's `n_tfm`).
    template <module_or_chain C>
    constexpr auto with_n_tfm(C const& c) const {
        return basic_adan<MTfm, VTfm, inner_t<C>>{beta1, beta2, beta3, eps, m_tfm, v_tfm, c};
    }

    constexpr void validate() const {
        detail::check(beta1 >= 0 && beta1 < 1, "tzero: adan: beta1 must be in [0, 1)", beta1);
        detail::check(beta2 >= 0 && beta2 < 1, "tzero: adan: beta2 must be in [0, 1)", beta2);
        detail::check(beta3 >= 0 && beta3 < 1, "tzero: adan: beta3 must be in [0, 1)", beta3);
        detail::check(eps > 0, "tzero: adan: eps must be > 0", eps);
    }

    struct coeffs {
        bool first;                  ///< no previous update yet: v is not updated, n sees u²
        double bias1, bias2, bias3;  ///< 1 − βᵢᵗ, dividing m, v and n
        inner_coeffs<MTfm> m;
        inner_coeffs<VTfm> v;
        inner_coeffs<NTfm> n;
    };
    coeffs per_step(long t) const {
        return {t == 1,
                1 - std::pow(beta1, double(t)),
                1 - std::pow(beta2, double(t)),
                1 - std::pow(beta3, double(t)),
                inner_per_step(m_tfm, t),
                inner_per_step(v_tfm, t),
                inner_per_step(n_tfm, t)};
    }

    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, coeffs k) const {
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
        constexpr int m_slot = own_slots, v_slot = m_slot + inner_slots<MTfm>, n_slot = v_slot + inner_slots<VTfm>;
        V const m_out = inner_value(m_tfm, k.m, m, e, m_slot);
        V const v_out = inner_value(v_tfm, k.v, v, e, v_slot);
        V const n_out = inner_value(n_tfm, k.n, n, e, n_slot);
        return (m_out / V(k.bias1) + V(beta2) * (v_out / V(k.bias2))) / (math::sqrt(n_out / V(k.bias3)) + V(eps));
    }
};

using adan = basic_adan<>;

}  // namespace tzero
