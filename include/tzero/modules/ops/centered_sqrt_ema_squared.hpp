/// @file tzero/modules/ops/centered_sqrt_ema_squared.hpp
/// CenteredSqrtEMASquared: replaces the update by the root of a centered moving second moment.
///   v, m (and v_max when amsgrad) as in `centered_ema_squared`
///   u ← (v − m²)^(1/pow)  (v_max^(1/pow) when amsgrad),  divided by (1 − βᵗ)^(1/pow) when debiased
/// Matches torchzero `tz.m.CenteredSqrtEMASquared(beta=0.99, amsgrad=False, debiased=False,
/// pow=2)` (modules/ops/higher_level.py, `sqrt_centered_ema_sq_` in modules/opt_utils.py);
/// `u / (centered_sqrt_ema_squared + ε)` is centered RMSprop. v − m² can round below 0, giving
/// NaN, exactly as in torchzero (v_max, from 0, cannot). AMSGrad adds a slot, so it is part of
/// the type. AMSGrad: `.with_amsgrad()` (`centered_sqrt_ema_squared{.beta = 0.9}.with_amsgrad()`);
/// torchzero's amsgrad=True drops the centering (the root of max(v)), tzero's takes the maximum
/// of v − m² (docs/modules.md).
/// kind: elementwise. state: 2 slots (v, m), then v_max when amsgrad.
#pragma once
#include <cmath>
#include <tuple>
#include <type_traits>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/modules/ops/centered_ema_squared.hpp>
#include <tzero/modules/ops/sqrt_ema_squared.hpp>

namespace tzero {

/// The CenteredSqrtEMASquared behind `centered_sqrt_ema_squared`, with its AMSGrad option.
template <class Amsgrad = amsgrad_off_t>
struct basic_centered_sqrt_ema_squared {
    double beta = 0.99;
    std::type_identity_t<Amsgrad> amsgrad{};  ///< `with_amsgrad()`; not deduced from an initializer
    bool debiased = false;
    double pow = 2;

    static_assert(amsgrad_tag<Amsgrad>,
                  "tzero: centered_sqrt_ema_squared: amsgrad is amsgrad_off_t or amsgrad_on_t "
                  "(write centered_sqrt_ema_squared().with_amsgrad())");
    static constexpr bool is_amsgrad = std::is_same_v<Amsgrad, amsgrad_on_t>;
    using kind = elementwise;
    static constexpr int state_slots = 2 + int(is_amsgrad);
    static constexpr char const* name = "centered_sqrt_ema_squared";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"beta", &basic_centered_sqrt_ema_squared::beta},
                          field{"amsgrad", &basic_centered_sqrt_ema_squared::amsgrad},
                          field{"debiased", &basic_centered_sqrt_ema_squared::debiased},
                          field{"pow", &basic_centered_sqrt_ema_squared::pow}};
    }

    /// This centered_sqrt_ema_squared with AMSGrad on: the running maximum in one more slot.
    constexpr auto with_amsgrad() const {
        return basic_centered_sqrt_ema_squared<amsgrad_on_t>{beta, amsgrad_on_t{}, debiased, pow};
    }

    constexpr void validate() const {
        detail::check_ema_power("tzero: centered_sqrt_ema_squared: beta must be in [0, 1)", beta,
                                "tzero: centered_sqrt_ema_squared: pow must be a finite number > 0", pow);
    }

    struct coeffs {
        double bias;  ///< (1 − βᵗ)^(1/pow) when debiased, else 1
    };
    coeffs per_step(long t) const { return {debiased ? std::pow(1.0 - std::pow(beta, double(t)), 1 / pow) : 1.0}; }

    template <class V>
    TZERO_HD V apply(V u, element<V, state_slots> e, coeffs k) const {
        V r = detail::ema_root(detail::centered_ema_power<is_amsgrad>(e.state, u, beta, pow), pow);
        return debiased ? r / V(k.bias) : r;
    }
};

using centered_sqrt_ema_squared = basic_centered_sqrt_ema_squared<>;

}  // namespace tzero
