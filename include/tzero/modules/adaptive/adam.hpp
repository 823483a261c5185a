/// @file tzero/modules/adaptive/adam.hpp
/// Adam: divides an EMA of the update by the root of an EMA of its square, with debiasing.
///   m ← lerp(m, u, 1 − β1)              v ← β2·v + (1 − β2)·u²
///   amsgrad: v_max ← max(v_max, v), used in place of v below
///   torchzero (default):  u ← α·√(1 − β2ᵗ)/(1 − β1ᵗ) · m / (√v + ε)
///   torch (eps_at = torch): u ← α/(1 − β1ᵗ) · m / (√v/√(1 − β2ᵗ) + ε)
/// Matches torchzero `tz.m.Adam(beta1, beta2, eps, amsgrad=False, alpha=1, debias=True)`
/// (modules/adaptive/adam.py; Kingma & Ba 2014, the ε-hat form of its section 2), and with
/// `eps_at = adam_eps::torch` it matches `torch.optim.Adam` (ε added after debiasing √v). The
/// two differ only through ε, by a factor √(1 − β2ᵗ). Without debiasing, u ← α·m / (√v + ε);
/// torchzero drops α there (a bug; docs/modules.md), tzero keeps it. AMSGrad (Reddi et al. 2018)
/// adds a state slot, so it is part of the type. AMSGrad: `.with_amsgrad()`; torchzero's
/// `Adam(amsgrad=True)` is `adam().with_amsgrad()`, a `basic_adam<true>` named `amsgrad` (v_max
/// is NaN once v was, as torch.maximum); with `eps_at = adam_eps::torch` it matches
/// `torch.optim.Adam(amsgrad=True)`.
/// torchzero's `exp_avg_tfm` and `exp_avg_sq_tfm` are inner chains run on copies of m and of v
/// (v_max) after they are stepped, whose outputs take their places in the division:
/// `adam().with_exp_avg_tfm(clip_value(0.1)).with_exp_avg_sq_tfm(sqrt())` (core/branch.hpp,
/// "inner chain"). Their slots follow Adam's and their math is inlined: still one pass.
/// kind: elementwise. state: 2 slots (m, v); amsgrad 3 (m, v, v_max); then the inner chains'.
#pragma once
#include <array>
#include <cmath>
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

/// Where Adam adds ε: to √v (torchzero) or to the debiased √v̂ (torch.optim.Adam).
enum class adam_eps { torchzero, torch };
constexpr std::array<char const*, 2> enumerators(adam_eps) { return {"torchzero", "torch"}; }

/// The Adam behind `adam` and `adam().with_amsgrad()`: AMSGrad adds a state slot, so it is part of
/// the type, and `basic_adam<true>` is named (and checkpointed as) `amsgrad`. `adam` stays a plain
/// type rather than a class template deduced from its fields: g++ 12 would reject
/// `optimizer opt(adam() | lr(0.1), params)`, taking `adam()` there for a declarator with a
/// deduced return type.
template <bool Amsgrad, inner_operand ExpAvgTfm = no_inner, inner_operand ExpAvgSqTfm = no_inner>
struct basic_adam {
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
    double alpha = 1;
    bool debias = true;
    adam_eps eps_at = adam_eps::torchzero;
    ExpAvgTfm exp_avg_tfm{};       ///< run on m before debiasing (`with_exp_avg_tfm`)
    ExpAvgSqTfm exp_avg_sq_tfm{};  ///< run on v (v_max) before the root (`with_exp_avg_sq_tfm`)

    using kind = elementwise;
    static constexpr int own_slots = Amsgrad ? 3 : 2;
    static constexpr int state_slots = state_slots_of<basic_adam>;
    static constexpr char const* name = Amsgrad ? "amsgrad" : "adam";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"beta1", &basic_adam::beta1},
                          field{"beta2", &basic_adam::beta2},
                          field{"eps", &basic_adam::eps},
                          field{"alpha", &basic_adam::alpha},
                          field{"debias", &basic_adam::debias},
                          field{"eps_at", &basic_adam::eps_at},
                          field{"exp_avg_tfm", &basic_adam::exp_avg_tfm},
                          field{"exp_avg_sq_tfm", &basic_adam::exp_avg_sq_tfm}};
    }

    /// This Adam with AMSGrad on: divided by the running maximum of v (one more slot).
    constexpr auto with_amsgrad() const {
        return basic_adam<true, ExpAvgTfm, ExpAvgSqTfm>{beta1,  beta2,  eps,         alpha,
                                                        debias, eps_at, exp_avg_tfm, exp_avg_sq_tfm};
    }
    /// This Adam with `c` run on m (torchzero's `exp_avg_tfm`).
    template <module_or_chain C>
    constexpr auto with_exp_avg_tfm(C const& c) const {
        return basic_adam<Amsgrad, inner_t<C>, ExpAvgSqTfm>{beta1,  beta2,  eps, alpha,
                                                            debias, eps_at, c,   exp_avg_sq_tfm};
    }
    /// This Adam with `c` run on v, or v_max (torchzero's `exp_avg_sq_tfm`).
    template <module_or_chain C>
    constexpr auto with_exp_avg_sq_tfm(C const& c) const {
        return basic_adam<Amsgrad, ExpAvgTfm, inner_t<C>>{beta1, beta2, eps, alpha, debias, eps_at, exp_avg_tfm, c};
    }

    constexpr void validate() const {
        detail::check(beta1 >= 0 && beta1 < 1,
                      Amsgrad ? "tzero: amsgrad: beta1 must be in [0, 1)" : "tzero: adam: beta1 must be in [0, 1)",
                      beta1);
        detail::check(beta2 >= 0 && beta2 < 1,
                      Amsgrad ? "tzero: amsgrad: beta2 must be in [0, 1)" : "tzero: adam: beta2 must be in [0, 1)",
                      beta2);
        detail::check(eps > 0, Amsgrad ? "tzero: amsgrad: eps must be > 0" : "tzero: adam: eps must be > 0", eps);
        detail::check(
            alpha - alpha == 0,
            Amsgrad ? "tzero: amsgrad: alpha must be a finite number" : "tzero: adam: alpha must be a finite number",
            alpha);
    }

    struct coeffs {
        double numerator;    ///< multiplies m
        double denominator;  ///< divides √v before ε is added
        inner_coeffs<ExpAvgTfm> exp_avg;
        inner_coeffs<ExpAvgSqTfm> exp_avg_sq;
    };
    coeffs per_step(long t) const {
        auto const inner = [&](double numerator, double denominator) {
            return coeffs{numerator, denominator, inner_per_step(exp_avg_tfm, t), inner_per_step(exp_avg_sq_tfm, t)};
        };
        if (!debias) return inner(alpha, 1);
        double bias1 = 1 - std::pow(beta1, double(t)), bias2 = 1 - std::pow(beta2, double(t));
        if (eps_at == adam_eps::torch) return inner(alpha / bias1, std::sqrt(bias2));
        return inner(alpha / bias1 * std::pow(bias2, 0.5), 1);  // torchzero's order of operations
    }

    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, coeffs k) const {
        V& m = e.state[0];
        V& v_ema = e.state[1];
        m = math::lerp(m, u, 1 - beta1);
        v_ema = v_ema * V(beta2) + V(1 - beta2) * u * u;
        V v = v_ema;
        if constexpr (Amsgrad) {
            V& v_max = e.state[2];
            v_max = math::max(v_max, v_ema);  // NaN if either is NaN, as torch.maximum_
            v = v_max;
        }
        return divide(inner_value(exp_avg_tfm, k.exp_avg, m, e, own_slots),
                      inner_value(exp_avg_sq_tfm, k.exp_avg_sq, v, e, own_slots + inner_slots<ExpAvgTfm>), k);
    }

  private:
    template <class V>
    TZERO_HD V divide(V m, V v, coeffs const& k) const {
        if (eps_at == adam_eps::torch) return V(k.numerator) * (m / (math::sqrt(v) / V(k.denominator) + V(eps)));
        return m * V(k.numerator) / (math::sqrt(v) + V(eps));
    }
};

using adam = basic_adam<false>;

}  // namespace tzero
