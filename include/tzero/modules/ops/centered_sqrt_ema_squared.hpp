/// @file tzero/modules/ops/centered_sqrt_ema_squared.hpp
/// CenteredSqrtEMASquared: replaces the update by the root of a centered moving second moment.
///   v, m as in `centered_ema_squared`
///   u ← (v − m²)^(1/pow),   divided by (1 − βᵗ)^(1/pow) when debiased
/// Matches torchzero `tz.m.CenteredSqrtEMASquared(beta=0.99, amsgrad=False, debiased=False,
/// pow=2)` (modules/ops/higher_level.py, `sqrt_centered_ema_sq_` in modules/opt_utils.py);
/// `u / (centered_sqrt_ema_squared + ε)` is centered RMSprop. v − m² can round below 0, giving
/// NaN, exactly as in torchzero. amsgrad: later.
/// kind: elementwise. state: 2 slots (v, m).
#pragma once
#include <cmath>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/modules/ops/centered_ema_squared.hpp>
#include <tzero/modules/ops/sqrt_ema_squared.hpp>

namespace tzero {

struct centered_sqrt_ema_squared {
    double beta = 0.99;
    bool debiased = false;
    double pow = 2;

    using kind = elementwise;
    static constexpr int state_slots = 2;
    static constexpr char const* name = "centered_sqrt_ema_squared";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"beta", &centered_sqrt_ema_squared::beta},
                          field{"debiased", &centered_sqrt_ema_squared::debiased},
                          field{"pow", &centered_sqrt_ema_squared::pow}};
    }

    constexpr void validate() const {
        detail::check_ema_power("tzero: centered_sqrt_ema_squared: beta must be in [0, 1)", beta,
                                "tzero: centered_sqrt_ema_squared: pow must be a finite number > 0", pow);
    }

    struct coeffs {
        double bias;  ///< (1 − βᵗ)^(1/pow) when debiased, else 1
    };
    coeffs per_step(long t) const {
        return {debiased ? std::pow(1.0 - std::pow(beta, double(t)), 1 / pow) : 1.0};
    }

    template <class V>
    TZERO_HD V apply(V u, element<V, 2> e, coeffs k) const {
        V r = detail::ema_root(detail::centered_ema_power(e.state, u, beta, pow), pow);
        return debiased ? r / V(k.bias) : r;
    }
};

}  // namespace tzero
