/// @file tzero/modules/ops/sqrt_ema_squared.hpp
/// SqrtEMASquared: replaces the update by the root of an exponential moving average of its power.
///   v ← EMA of |u|^pow as in `ema_squared`        amsgrad: v_max ← max(v_max, v) (v_max₀ = 0)
///   u ← v^(1/pow)   (√v for pow 2, v for pow 1; v_max's when amsgrad),
///       divided by (1 − βᵗ)^(1/pow) when debiased
/// Matches torchzero `tz.m.SqrtEMASquared(beta=0.999, amsgrad=False, debiased=False, pow=2)`
/// (modules/ops/higher_level.py, `sqrt_ema_sq_` in modules/opt_utils.py); with debiased it is
/// the denominator of torch.optim.Adam, √v̂ (with amsgrad, of its amsgrad=True: the maximum is
/// taken before the root and the debiasing). AMSGrad adds a slot, so it is part of the type.
/// AMSGrad: `.with_amsgrad()` (`sqrt_ema_squared{.beta = 0.9, .debiased = true}.with_amsgrad()`).
/// kind: elementwise. state: 1 slot (v), then v_max when amsgrad.
#pragma once
#include <cmath>
#include <tuple>
#include <type_traits>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/modules/ops/ema_squared.hpp>

namespace tzero {

namespace detail {
// v^(1/pow) as torchzero's `root`: |v| for pow 1, √v for pow 2, else torch's pow
template <class V>
TZERO_HD V ema_root(V v, double pow) {
    if (pow == 1) return math::abs(v);
    if (pow == 2) return math::sqrt(v);
    return math::power(v, 1 / pow);
}
}  // namespace detail

/// The SqrtEMASquared behind `sqrt_ema_squared`, with its AMSGrad option.
template <class Amsgrad = amsgrad_off_t>
struct basic_sqrt_ema_squared {
    double beta = 0.999;
    std::type_identity_t<Amsgrad> amsgrad{};  ///< `with_amsgrad()`; not deduced from an initializer
    bool debiased = false;
    double pow = 2;

    static_assert(amsgrad_tag<Amsgrad>,
                  "tzero: sqrt_ema_squared: amsgrad is amsgrad_off_t or amsgrad_on_t "
                  "(write sqrt_ema_squared().with_amsgrad())");
    static constexpr bool is_amsgrad = std::is_same_v<Amsgrad, amsgrad_on_t>;
    using kind = elementwise;
    static constexpr int state_slots = 1 + int(is_amsgrad);
    static constexpr char const* name = "sqrt_ema_squared";
    static constexpr auto hyperparameters() {
        return std::tuple{
            field{"beta", &basic_sqrt_ema_squared::beta}, field{"amsgrad", &basic_sqrt_ema_squared::amsgrad},
            field{"debiased", &basic_sqrt_ema_squared::debiased}, field{"pow", &basic_sqrt_ema_squared::pow}};
    }

    /// This sqrt_ema_squared with AMSGrad on: the running maximum in one more slot.
    constexpr auto with_amsgrad() const {
        return basic_sqrt_ema_squared<amsgrad_on_t>{beta, amsgrad_on_t{}, debiased, pow};
    }

    constexpr void validate() const {
        detail::check_ema_power("tzero: sqrt_ema_squared: beta must be in [0, 1)", beta,
                                "tzero: sqrt_ema_squared: pow must be a finite number > 0", pow);
    }

    struct coeffs {
        double bias;  ///< (1 − βᵗ)^(1/pow) when debiased, else 1
    };
    coeffs per_step(long t) const { return {debiased ? std::pow(1.0 - std::pow(beta, double(t)), 1 / pow) : 1.0}; }

    template <class V>
    TZERO_HD V apply(V u, element<V, state_slots> e, coeffs k) const {
        e.state[0] = detail::ema_power(e.state[0], u, beta, pow);
        V r = detail::ema_root(detail::ema_amsgrad<is_amsgrad>(e.state, 1, e.state[0]), pow);
        return debiased ? r / V(k.bias) : r;
    }
};

using sqrt_ema_squared = basic_sqrt_ema_squared<>;

}  // namespace tzero
