/// @file tzero/modules/momentum/ema.hpp
/// EMA: replaces the update by an exponential moving average of it.
///   u′ = (1 − dampening)·u
///   lerp:  m ← lerp(m, u′, 1 − momentum)       otherwise: m ← momentum·m + u′
///   u ← m, or m / (1 − momentumᵗ) with debias
///   m starts at 0 (ema_init zeros) or at the first update (ema_init update).
/// Matches torchzero `tz.m.EMA(momentum=0.9, dampening=0, debias=False, lerp=True,
/// ema_init='zeros')` (modules/momentum/momentum.py). `heavy_ball` is the same math with
/// torchzero's HeavyBall defaults.
/// kind: elementwise. state: 1 slot (m).
#pragma once
#include <cmath>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

/// How a moving average starts: at zero, or at the first value it sees.
enum class ema_init { zeros, update };

namespace detail {
/// The EMA shared by `ema` and `heavy_ball`.
template <class M>
struct ema_math {
    struct coeffs {
        bool first;    ///< the first step of an ema_init::update average
        double scale;  ///< 1 / (1 − momentumᵗ) with debias, else 1
    };
    static constexpr void validate(M const& m) {
        check(m.momentum >= 0 && m.momentum < 1, "tzero: ema/heavy_ball: momentum must be in [0, 1)", m.momentum);
        check(m.dampening >= 0 && m.dampening <= 1, "tzero: ema/heavy_ball: dampening must be in [0, 1]",
              m.dampening);
    }
    static coeffs per_step(M const& m, long t) {
        return {t == 1 && m.init == ema_init::update, m.debias ? 1 / (1 - std::pow(m.momentum, double(t))) : 1.0};
    }
    template <class V>
    TZERO_HD static V apply(M const& m, V u, element<V, 1> e, coeffs k) {
        V& avg = e.state[0];
        V prev = k.first ? u : avg;
        V damped = u * V(1 - m.dampening);
        avg = m.lerp ? math::lerp(prev, damped, 1 - m.momentum) : prev * V(m.momentum) + damped;
        return avg * V(k.scale);
    }
};
}  // namespace detail

struct ema {
    double momentum = 0.9;
    double dampening = 0;
    bool debias = false;
    bool lerp = true;
    ema_init init = ema_init::zeros;

    using kind = elementwise;
    static constexpr int state_slots = 1;
    static constexpr char const* name = "ema";
    using math_type = detail::ema_math<ema>;
    using coeffs = math_type::coeffs;

    constexpr void validate() const { math_type::validate(*this); }
    coeffs per_step(long t) const { return math_type::per_step(*this, t); }
    template <class V>
    TZERO_HD V apply(V u, element<V, 1> e, coeffs k) const { return math_type::apply(*this, u, e, k); }
};

}  // namespace tzero
