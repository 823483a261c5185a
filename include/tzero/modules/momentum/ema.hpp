/// @file tzero/modules/momentum/ema.hpp
/// EMA: replaces the update by an exponential moving average of it.
///   u′ = (1 − dampening)·u
///   lerp:  m ← lerp(m, u′, 1 − momentum)       otherwise: m ← momentum·m + u′
///   u ← m, or m / (1 − momentumᵗ) with debias
///   m starts at 0 (ema_init zeros) or at the first update (ema_init update).
/// Matches torchzero `tz.m.EMA(momentum=0.9, dampening=0, debias=False, lerp=True,
/// ema_init='zeros')` (modules/momentum/momentum.py). `heavy_ball` (heavy_ball.hpp) is the same
/// math with torchzero's HeavyBall defaults.
/// kind: elementwise. state: 1 slot (m).
#pragma once
#include <array>
#include <cmath>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

/// How a moving average starts: at zero, or at the first value it sees.
enum class ema_init { zeros, update };
constexpr std::array<char const*, 2> enumerators(ema_init) { return {"zeros", "update"}; }

/// The EMA behind `ema` and `heavy_ball`: one math, two sets of torchzero defaults.
template <bool HeavyBall>
struct basic_ema {
    double momentum = 0.9;
    double dampening = 0;
    bool debias = false;
    bool lerp = !HeavyBall;
    ema_init init = HeavyBall ? ema_init::update : ema_init::zeros;

    using kind = elementwise;
    static constexpr int state_slots = 1;
    static constexpr char const* name = HeavyBall ? "heavy_ball" : "ema";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"momentum", &basic_ema::momentum}, field{"dampening", &basic_ema::dampening},
                          field{"debias", &basic_ema::debias}, field{"lerp", &basic_ema::lerp},
                          field{"init", &basic_ema::init}};
    }

    constexpr void validate() const {
        detail::check(
            momentum >= 0 && momentum < 1,
            HeavyBall ? "tzero: heavy_ball: momentum must be in [0, 1)" : "tzero: ema: momentum must be in [0, 1)",
            momentum);
        detail::check(
            dampening >= 0 && dampening <= 1,
            HeavyBall ? "tzero: heavy_ball: dampening must be in [0, 1]" : "tzero: ema: dampening must be in [0, 1]",
            dampening);
    }

    struct coeffs {
        bool first;    ///< the first step of an ema_init::update average
        double scale;  ///< 1 / (1 − momentumᵗ) with debias, else 1
    };
    coeffs per_step(long t) const {
        return {t == 1 && init == ema_init::update, debias ? 1 / (1 - std::pow(momentum, double(t))) : 1.0};
    }

    template <class V>
    TZERO_HD V apply(V u, element<V, 1> e, coeffs k) const {
        V& avg = e.state[0];
        V prev = k.first ? u : avg;
        V damped = u * V(1 - dampening);
        avg = lerp ? math::lerp(prev, damped, 1 - momentum) : prev * V(momentum) + damped;
        return avg * V(k.scale);
    }
};

using ema = basic_ema<false>;

}  // namespace tzero
