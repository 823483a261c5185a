/// @file tzero/modules/ops/ema_squared.hpp
/// EMASquared: replaces the update by an exponential moving average of its power.
///   pow 2: v ← β·v + (1 − β)·u²        pow 1: v ← lerp(v, |u|, 1 − β)
///   other: v ← lerp(v, |u|^pow, 1 − β)
///   u ← v                    amsgrad: v_max ← max(v_max, v) (v_max₀ = 0),  u ← v_max
/// Matches torchzero `tz.m.EMASquared(beta=0.999, amsgrad=False, pow=2)`
/// (modules/ops/higher_level.py, `ema_sq_` in modules/opt_utils.py). For a non-integer pow
/// torchzero takes |u^pow| (NaN for u < 0); tzero takes |u|^pow, its documented intent, which
/// is the same for integer powers (docs/modules.md). AMSGrad adds a slot, so it is part of the
/// type. AMSGrad: `.with_amsgrad()` (`ema_squared{.beta = 0.9}.with_amsgrad()`); a NaN in v stays
/// in v_max for good, as torch.maximum.
/// kind: elementwise. state: 1 slot (v), then v_max when amsgrad.
#pragma once
#include <limits>
#include <tuple>
#include <type_traits>

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

// amsgrad: v_max ← max(v_max, x) in slot `at`, returned (NaN if either is, as torch.maximum_);
// otherwise x
template <bool Amsgrad, class V, int N>
TZERO_HD V ema_amsgrad(slots<V, N> s, int at, V x) {
    if constexpr (Amsgrad) {
        s[at] = math::max(s[at], x);
        return s[at];
    } else {
        return x;
    }
}
}  // namespace detail

/// The EMASquared behind `ema_squared`, with its AMSGrad option.
template <class Amsgrad = amsgrad_off_t>
struct basic_ema_squared {
    double beta = 0.999;
    std::type_identity_t<Amsgrad> amsgrad{};  ///< `with_amsgrad()`; not deduced from an initializer
    double pow = 2;

    static_assert(amsgrad_tag<Amsgrad>,
                  "tzero: ema_squared: amsgrad is amsgrad_off_t or amsgrad_on_t "
                  "(write ema_squared().with_amsgrad())");
    static constexpr bool is_amsgrad = std::is_same_v<Amsgrad, amsgrad_on_t>;
    using kind = elementwise;
    static constexpr int state_slots = 1 + int(is_amsgrad);
    static constexpr char const* name = "ema_squared";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"beta", &basic_ema_squared::beta}, field{"amsgrad", &basic_ema_squared::amsgrad},
                          field{"pow", &basic_ema_squared::pow}};
    }

    /// This ema_squared with AMSGrad on: the running maximum in one more slot.
    constexpr auto with_amsgrad() const { return basic_ema_squared<amsgrad_on_t>{beta, amsgrad_on_t{}, pow}; }

    constexpr void validate() const {
        detail::check_ema_power("tzero: ema_squared: beta must be in [0, 1)", beta,
                                "tzero: ema_squared: pow must be a finite number > 0", pow);
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, state_slots> e, no_coeffs) const {
        e.state[0] = detail::ema_power(e.state[0], u, beta, pow);
        return detail::ema_amsgrad<is_amsgrad>(e.state, 1, e.state[0]);
    }
};

using ema_squared = basic_ema_squared<>;

}  // namespace tzero
