/// @file tzero/modules/momentum/heavy_ball.hpp
/// HeavyBall: Polyak's momentum, torchzero's EMA without lerp, started at the first update.
///   m ← momentum·m + (1 − dampening)·u,  m₀ = u₁;   u ← m
/// Matches torchzero `tz.m.HeavyBall(momentum=0.9, dampening=0, debias=False, lerp=False,
/// ema_init='update')` (modules/momentum/momentum.py). Because m starts at the first update and
/// is then updated with it, the first step is (1 + momentum)·u₁, where torch.optim.SGD's
/// momentum gives u₁; tzero follows torchzero.
/// kind: elementwise. state: 1 slot (m).
#pragma once
#include <tzero/modules/momentum/ema.hpp>

namespace tzero {

struct heavy_ball {
    double momentum = 0.9;
    double dampening = 0;
    bool debias = false;
    bool lerp = false;
    ema_init init = ema_init::update;

    using kind = elementwise;
    static constexpr int state_slots = 1;
    static constexpr char const* name = "heavy_ball";
    using math_type = detail::ema_math<heavy_ball>;
    using coeffs = math_type::coeffs;

    constexpr void validate() const { math_type::validate(*this); }
    coeffs per_step(long t) const { return math_type::per_step(*this, t); }
    template <class V>
    TZERO_HD V apply(V u, element<V, 1> e, coeffs k) const { return math_type::apply(*this, u, e, k); }
};

}  // namespace tzero
