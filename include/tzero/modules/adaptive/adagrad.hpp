/// @file tzero/modules/adaptive/adagrad.hpp
/// Adagrad: divides the update by the root of the running sum of its squares.
///   s ← s + u²                      (s₀ = initial_accumulator_value)
///   u ← u / (√s + ε) · α / (1 + (t − 1)·lr_decay)
/// Matches torchzero `tz.m.Adagrad(lr_decay=0, initial_accumulator_value=0, eps=1e-10, alpha=1)`
/// (modules/adaptive/adagrad.py), itself identical to torch.optim.Adagrad.
/// kind: elementwise. state: 1 slot (s).
#pragma once
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct adagrad {
    double lr_decay = 0;
    double initial_accumulator_value = 0;
    double eps = 1e-10;
    double alpha = 1;

    using kind = elementwise;
    static constexpr int state_slots = 1;
    static constexpr char const* name = "adagrad";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"lr_decay", &adagrad::lr_decay},
                          field{"initial_accumulator_value", &adagrad::initial_accumulator_value},
                          field{"eps", &adagrad::eps}, field{"alpha", &adagrad::alpha}};
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
    };
    coeffs per_step(long t) const { return {t == 1, alpha / (1 + double(t - 1) * lr_decay)}; }

    template <class V>
    TZERO_HD V apply(V u, element<V, 1> e, coeffs k) const {
        V& sum = e.state[0];
        sum = (k.first ? V(initial_accumulator_value) : sum) + u * u;
        return u / (math::sqrt(sum) + V(eps)) * V(k.scale);
    }
};

}  // namespace tzero
