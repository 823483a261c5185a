/// @file tzero/modules/ops/centered_ema_squared.hpp
/// CenteredEMASquared: replaces the update by a centered moving second moment, v − m².
///   v ← EMA of |u|^pow as in `ema_squared`        m ← lerp(m, u, 1 − β)
///   u ← v − m²
/// Matches torchzero `tz.m.CenteredEMASquared(beta=0.99, amsgrad=False, pow=2)`
/// (modules/ops/higher_level.py, `centered_ema_sq_` in modules/opt_utils.py); v is stored
/// uncentered. amsgrad: later.
/// kind: elementwise. state: 2 slots (v, m).
#pragma once
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/modules/ops/ema_squared.hpp>

namespace tzero {

namespace detail {
// updates v and m as torchzero's `centered_ema_sq_` and returns v − m²
template <class V>
TZERO_HD V centered_ema_power(slots<V, 2> s, V u, double beta, double pow) {
    s[0] = detail::ema_power(s[0], u, beta, pow);
    s[1] = math::lerp(s[1], u, 1 - beta);
    return s[0] - s[1] * s[1];
}
}  // namespace detail

struct centered_ema_squared {
    double beta = 0.99;
    double pow = 2;

    using kind = elementwise;
    static constexpr int state_slots = 2;
    static constexpr char const* name = "centered_ema_squared";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"beta", &centered_ema_squared::beta}, field{"pow", &centered_ema_squared::pow}};
    }

    constexpr void validate() const {
        detail::check_ema_power("tzero: centered_ema_squared: beta must be in [0, 1)", beta,
                                "tzero: centered_ema_squared: pow must be a finite number > 0", pow);
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 2> e, no_coeffs) const {
        return detail::centered_ema_power(e.state, u, beta, pow);
    }
};

}  // namespace tzero
