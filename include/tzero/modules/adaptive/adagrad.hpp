/// @file tzero/modules/adaptive/adagrad.hpp
/// Adagrad: divides the update by the root of the running sum of its squares.
///   s ← s + u²                      (s₀ = initial_accumulator_value)
///   accumulator_tfm: ŝ = tfm(s)     (on a copy; the stored s is unchanged)    otherwise ŝ = s
///   inner: u ← inner(u)             (after s is stepped with the original u)
///   u ← u / (√ŝ + ε) · α / (1 + (t − 1)·lr_decay)
/// Matches torchzero `tz.m.Adagrad(lr_decay=0, initial_accumulator_value=0, eps=1e-10, alpha=1,
/// inner=None, accumulator_tfm=None)` (modules/adaptive/adagrad.py), itself identical to
/// torch.optim.Adagrad. The inner chains are set with `adagrad().with_inner(sign())` and
/// `adagrad().with_accumulator_tfm(sqrt())` (core/branch.hpp, "inner chain"); their slots follow
/// Adagrad's and their math is inlined: still one pass.
/// kind: elementwise. state: 1 slot (s), then the inner chains' (inner's, then accumulator_tfm's).
#pragma once
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

/// The Adagrad behind `adagrad`, with its inner chains (`with_inner`, `with_accumulator_tfm`).
template <inner_operand Inner = no_inner, inner_operand AccumulatorTfm = no_inner>
struct basic_adagrad {
    double lr_decay = 0;
    double initial_accumulator_value = 0;
    double eps = 1e-10;
    double alpha = 1;
    Inner inner{};                     ///< run on the update before the division (`with_inner`)
    AccumulatorTfm accumulator_tfm{};  ///< run on s before the root (`with_accumulator_tfm`)

    using kind = elementwise;
    static constexpr int own_slots = 1;
    static constexpr int state_slots = state_slots_of<basic_adagrad>;
    static constexpr char const* name = "adagrad";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"lr_decay", &basic_adagrad::lr_decay},
                          field{"initial_accumulator_value", &basic_adagrad::initial_accumulator_value},
                          field{"eps", &basic_adagrad::eps},
                          field{"alpha", &basic_adagrad::alpha},
                          field{"inner", &basic_adagrad::inner},
                          field{"accumulator_tfm", &basic_adagrad::accumulator_tfm}};
    }

    /// This Adagrad with `c` run on the update before the division (torchzero's `inner`).
    template <module_or_chain C>
    constexpr auto with_inner(C const& c) const {
        return basic_adagrad<inner_t<C>, AccumulatorTfm>{lr_decay,       initial_accumulator_value, eps, alpha, c,
                                                         accumulator_tfm};
    }
    /// This Adagrad with `c` run on a copy of the accumulator (torchzero's `accumulator_tfm`).
    template <module_or_chain C>
    constexpr auto with_accumulator_tfm(C const& c) const {
        return basic_adagrad<Inner, inner_t<C>>{lr_decay, initial_accumulator_value, eps, alpha, inner, c};
    }

    constexpr void validate() const {
        detail::check(lr_decay >= 0, "tzero: adagrad: lr_decay must be >= 0", lr_decay);
        detail::check(initial_accumulator_value >= 0, "tzero: adagrad: initial_accumulator_value must be >= 0",
                      initial_accumulator_value);
        detail::check(eps > 0, "tzero: adagrad: eps must be > 0", eps);
        detail::check(alpha == alpha, "tzero: adagrad: alpha must be a number", alpha);
    }

    struct coeffs {
        bool first;    ///< the accumulator starts at initial_accumulator_value
        double scale;  ///< α / (1 + (t − 1)·lr_decay)
        inner_coeffs<Inner> inner;
        inner_coeffs<AccumulatorTfm> accumulator;
    };
    coeffs per_step(long t) const {
        return {t == 1, alpha / (1 + double(t - 1) * lr_decay), inner_per_step(inner, t),
                inner_per_step(accumulator_tfm, t)};
    }

    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, coeffs k) const {
        V& sum = e.state[0];
        sum = (k.first ? V(initial_accumulator_value) : sum) + u * u;
        V const s = inner_value(accumulator_tfm, k.accumulator, sum, e, own_slots + inner_slots<Inner>);
        return inner_value(inner, k.inner, u, e, own_slots) / (math::sqrt(s) + V(eps)) * V(k.scale);
    }
};

using adagrad = basic_adagrad<>;

}  // namespace tzero
