/// @file tzero/modules/ops/debias.hpp
/// Debias: multiplies the update by Adam's bias corrections (step t counts from 1).
///   u ← u · alpha / (1 − β1ᵗ) · (1 − β2ᵗ)^(1/pow)
/// Matches torchzero `tz.m.Debias(beta1=None, beta2=None, alpha=1, pow=2)`
/// (modules/ops/higher_level.py, `debias` in modules/opt_utils.py). A beta of 0 is torchzero's
/// None: its correction is exactly 1. The factor is formed once a step on the host, in
/// torchzero's order of operations.
/// kind: elementwise. state: none.
#pragma once
#include <cmath>
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct debias {
    double beta1 = 0;  ///< 0: no first-moment correction (torchzero's None)
    double beta2 = 0;  ///< 0: no second-moment correction (torchzero's None)
    double alpha = 1;
    double pow = 2;

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "debias";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"beta1", &debias::beta1}, field{"beta2", &debias::beta2},
                          field{"alpha", &debias::alpha}, field{"pow", &debias::pow}};
    }

    constexpr void validate() const {
        constexpr double inf = std::numeric_limits<double>::infinity();
        detail::check(beta1 >= 0 && beta1 < 1, "tzero: debias: beta1 must be in [0, 1)", beta1);
        detail::check(beta2 >= 0 && beta2 < 1, "tzero: debias: beta2 must be in [0, 1)", beta2);
        detail::check(alpha > -inf && alpha < inf, "tzero: debias: alpha must be a finite number", alpha);
        detail::check(pow > 0 && pow < inf, "tzero: debias: pow must be a finite number > 0", pow);
    }

    struct coeffs {
        double scale;  ///< alpha / (1 − β1ᵗ) · (1 − β2ᵗ)^(1/pow)
    };
    coeffs per_step(long t) const {
        double step = alpha;  // torchzero's debiased_step_size, operation for operation
        step /= 1.0 - std::pow(beta1, double(t));
        step *= std::pow(1.0 - std::pow(beta2, double(t)), 1 / pow);
        return {step};
    }

    template <class V>
    TZERO_HD V apply(V u, element<V, 0>, coeffs k) const {
        return u * V(k.scale);
    }
};

}  // namespace tzero
