/// @file tzero/modules/ops/centered_ema_squared.hpp
/// CenteredEMASquared: replaces the update by a centered moving second moment, v − m².
///   v ← EMA of |u|^pow as in `ema_squared`        m ← lerp(m, u, 1 − β)
///   u ← v − m²          amsgrad: v_max ← max(v_max, v − m²) (v_max₀ = 0),  u ← v_max
/// Matches torchzero `tz.m.CenteredEMASquared(beta=0.99, amsgrad=False, pow=2)`
/// (modules/ops/higher_level.py, `centered_ema_sq_` in modules/opt_utils.py); v is stored
/// uncentered. AMSGrad adds a slot, so it is part of the type. AMSGrad: `.with_amsgrad()`
/// (`centered_ema_squared{.beta = 0.9}.with_amsgrad()`). torchzero's amsgrad=True
/// also steps its maximum with the uncentered v first, so it returns max(v) and drops the
/// centering; tzero takes the maximum of v − m², which its code goes on to do (docs/modules.md).
/// kind: elementwise. state: 2 slots (v, m), then v_max when amsgrad.
#pragma once
#include <tuple>
#include <type_traits>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/modules/ops/ema_squared.hpp>

namespace tzero {

namespace detail {
// updates v (slot 0) and m (slot 1) as torchzero's `centered_ema_sq_` and returns v − m²,
// or with amsgrad the running maximum of it (slot 2)
template <bool Amsgrad, class V, int N>
TZERO_HD V centered_ema_power(slots<V, N> s, V u, double beta, double pow) {
    s[0] = detail::ema_power(s[0], u, beta, pow);
    s[1] = math::lerp(s[1], u, 1 - beta);
    return detail::ema_amsgrad<Amsgrad>(s, 2, s[0] - s[1] * s[1]);
}
}  // namespace detail

/// The CenteredEMASquared behind `centered_ema_squared`, with its AMSGrad option.
template <class Amsgrad = amsgrad_off_t>
struct basic_centered_ema_squared {
    double beta = 0.99;
    std::type_identity_t<Amsgrad> amsgrad{};  ///< `with_amsgrad()`; not deduced from an initializer
    double pow = 2;

    static_assert(amsgrad_tag<Amsgrad>,
                  "tzero: centered_ema_squared: amsgrad is amsgrad_off_t or amsgrad_on_t "
                  "(write centered_ema_squared().with_amsgrad())");
    static constexpr bool is_amsgrad = std::is_same_v<Amsgrad, amsgrad_on_t>;
    using kind = elementwise;
    static constexpr int state_slots = 2 + int(is_amsgrad);
    static constexpr char const* name = "centered_ema_squared";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"beta", &basic_centered_ema_squared::beta},
                          field{"amsgrad", &basic_centered_ema_squared::amsgrad},
                          field{"pow", &basic_centered_ema_squared::pow}};
    }

    /// This centered_ema_squared with AMSGrad on: the running maximum in one more slot.
    constexpr auto with_amsgrad() const { return basic_centered_ema_squared<amsgrad_on_t>{beta, amsgrad_on_t{}, pow}; }

    constexpr void validate() const {
        detail::check_ema_power("tzero: centered_ema_squared: beta must be in [0, 1)", beta,
                                "tzero: centered_ema_squared: pow must be a finite number > 0", pow);
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, state_slots> e, no_coeffs) const {
        return detail::centered_ema_power<is_amsgrad>(e.state, u, beta, pow);
    }
};

using centered_ema_squared = basic_centered_ema_squared<>;

}  // namespace tzero
