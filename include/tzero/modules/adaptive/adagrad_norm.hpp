/// @file tzero/modules/adaptive/adagrad_norm.hpp
/// AdagradNorm: divides the update by the root of an accumulated squared norm, one scalar per
/// tensor (or one for all parameters) instead of Adagrad's one per element.
///   n² = Σ u²                           per tensor, or over all parameters (`global`)
///   s ← s + n²                          (beta = 1, torchzero's None: a plain sum; s₀ = initial_accumulator_value)
///   s ← lerp(s, n², 1 − beta)           (beta < 1: an average)
///   ŝ = s / (1 − betaᵗ) if beta < 1 and beta_debias, else s
///   u ← u / (√ŝ + ε) · α / (1 + (t − 1)·lr_decay)      (use_sqrt = false: u / (ŝ + ε))
/// Matches torchzero `tz.m.AdagradNorm(lr_decay=0, initial_accumulator_value=0, eps=1e-10,
/// beta=None, beta_debias=True, layerwise=True, use_sqrt=True, alpha=1)`
/// (modules/adaptive/adagrad.py): `layerwise=True` is `per_tensor`, False is `global`. The sum is
/// of squares (torchzero's docstring says "means of squares"; its code sums them, as here).
/// torchzero's `inner` is an inner chain (core/branch.hpp, "inner chain") run on the update
/// after s is stepped: n² is still the norm of the update entering the module, and the division
/// is of the chain's output, u ← inner(u) / (√ŝ + ε) · ...:
/// `adagrad_norm().with_inner(sign())`. Its slots are the module's, stepped in the apply pass
/// only; the reduce pass does not run it.
/// kind: reduce (a sum of squares), with one persistent scalar (s). state: none per element, or
/// the inner chain's.
#pragma once
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>

namespace tzero {

template <class Scope = per_tensor_t, inner_operand Inner = no_inner>
struct adagrad_norm {
    double lr_decay = 0;                   ///< the step size is α / (1 + (t − 1)·lr_decay)
    double initial_accumulator_value = 0;  ///< s₀
    double eps = 1e-10;                    ///< added to the root of s (or to s)
    double beta = 1;                       ///< the accumulator's decay; 1: a plain sum (torchzero's None)
    bool beta_debias = true;               ///< divide s by 1 − betaᵗ when beta < 1
    Scope scope{};                         ///< `per_tensor` (torchzero layerwise=True) or `global`
    bool use_sqrt = true;                  ///< divide by √s (else by s)
    double alpha = 1;                      ///< step multiplier
    Inner inner{};                         ///< run on the update before it is divided (`with_inner`)

    using kind = reduce;
    using reduce_scope = Scope;
    static constexpr int state_slots = state_slots_of<adagrad_norm>;
    static constexpr int reduce_slots = 1;  // the accumulator s
    static constexpr char const* name = "adagrad_norm";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"lr_decay", &adagrad_norm::lr_decay},
                          field{"initial_accumulator_value", &adagrad_norm::initial_accumulator_value},
                          field{"eps", &adagrad_norm::eps},
                          field{"beta", &adagrad_norm::beta},
                          field{"beta_debias", &adagrad_norm::beta_debias},
                          field{"scope", &adagrad_norm::scope},
                          field{"use_sqrt", &adagrad_norm::use_sqrt},
                          field{"alpha", &adagrad_norm::alpha},
                          field{"inner", &adagrad_norm::inner}};
    }

    /// This module with `c` run on the update before it is divided (torchzero's `inner`).
    template <module_or_chain C>
    constexpr auto with_inner(C const& c) const {
        return adagrad_norm<Scope, inner_t<C>>{
            lr_decay, initial_accumulator_value, eps, beta, beta_debias, scope, use_sqrt, alpha, c};
    }

    constexpr void validate() const {
        detail::check(lr_decay >= 0, "tzero: adagrad_norm: lr_decay must be >= 0", lr_decay);
        detail::check(initial_accumulator_value >= 0, "tzero: adagrad_norm: initial_accumulator_value must be >= 0",
                      initial_accumulator_value);
        detail::check(eps > 0, "tzero: adagrad_norm: eps must be > 0", eps);
        detail::check(beta >= 0 && beta <= 1,
                      "tzero: adagrad_norm: beta must be in [0, 1] (1 sums, torchzero's beta=None)", beta);
        detail::check(alpha == alpha, "tzero: adagrad_norm: alpha must be a number", alpha);
    }

    /// n²'s share: the square of the update entering the module (not of the inner chain's output).
    template <class V, int N>
    TZERO_HD V reduce_term(V u, element<V, N>, auto const&) const {
        return u * u;
    }

    /// The factor the update is multiplied by; steps the accumulator.
    TZERO_HD double finalize(reduction<1, 1> r) const {
        double& sum = r.state[0];
        if (r.step == 1) sum = initial_accumulator_value;
        sum = beta == 1 ? sum + r.sum[0] : math::lerp(sum, r.sum[0], 1 - beta);
        double s = sum;
        if (beta != 1 && beta_debias) s /= 1 - math::pow(beta, double(r.step));
        double const denom = (use_sqrt ? math::sqrt(s) : s) + eps;
        return alpha / (1 + double(r.step - 1) * lr_decay) / denom;
    }
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, auto const& k) const {
        return value_of<&adagrad_norm::inner>(*this, k, u, e) * e.reduced;
    }
};

}  // namespace tzero
