/// @file tzero/modules/ops/ema_squared.hpp
/// EMASquared: replaces the update by an exponential moving average of its power.
///   pow 2: v ← β·v + (1 − β)·u²        pow 1: v ← lerp(v, |u|, 1 − β)
///   other: v ← lerp(v, |u|^pow, 1 − β)
///   u ← v
/// Matches torchzero `tz.m.EMASquared(beta=0.999, amsgrad=False, pow=2)`
/// (modules/ops/higher_level.py, `ema_sq_` in modules/opt_utils.py). For a non-integer pow
/// torchzero takes |u^pow| (NaN for u < 0); tzero takes |u|^pow, its documented intent, which
/// is the same for integer powers (docs/modules.md). amsgrad (a running maximum, one more slot):
/// later.
/// kind: elementwise. state: 1 slot (v).
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

namespace detail {
// v ← EMA of |u|^pow with weight 1 − beta, in torchzero's operation order (`lerp_power_`)
template <class V>
TZERO_HD V ema_power(V v, V u, double beta, double pow) {
    if (pow == 2) return v * V(beta) + V(1 - beta) * u * u;
    return math::lerp(v, math::power(math::abs(u), pow), 1 - beta);
}

constexpr void check_ema_power(char const* beta_message, double beta, char const* pow_message, double pow) {
    detail::check(beta >= 0 && beta < 1, beta_message, beta);
    detail::check(pow > 0 && pow < std::numeric_limits<double>::infinity(), pow_message, pow);
}
}  // namespace detail

struct ema_squared {
    double beta = 0.999;
    double pow = 2;

    using kind = elementwise;
    static constexpr int state_slots = 1;
    static constexpr char const* name = "ema_squared";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"beta", &ema_squared::beta}, field{"pow", &ema_squared::pow}};
    }

    constexpr void validate() const {
        detail::check_ema_power("tzero: ema_squared: beta must be in [0, 1)", beta,
                                "tzero: ema_squared: pow must be a finite number > 0", pow);
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 1> e, no_coeffs) const {
        e.state[0] = detail::ema_power(e.state[0], u, beta, pow);
        return e.state[0];
    }
};

}  // namespace tzero
