/// @file tzero/modules/momentum/nag.hpp
/// NAG: Nesterov momentum.
///   lerp off: v ← momentum·(v + u)        lerp on: v ← lerp(v, u, 1 − momentum)
///   u ← u + (1 − dampening)·v
/// Matches torchzero `tz.m.NAG(momentum=0.9, dampening=0, lerp=False)`
/// (modules/momentum/momentum.py); with lerp off it equals torch.optim.SGD(nesterov=True)'s step
/// direction (buf ← μ·buf + g, d = g + μ·buf).
/// kind: elementwise. state: 1 slot (velocity).
#pragma once
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct nag {
    double momentum = 0.9;
    double dampening = 0;
    bool lerp = false;

    using kind = elementwise;
    static constexpr int state_slots = 1;
    static constexpr char const* name = "nag";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"momentum", &nag::momentum}, field{"dampening", &nag::dampening},
                          field{"lerp", &nag::lerp}};
    }

    constexpr void validate() const {
        detail::check(momentum >= 0 && momentum < 1, "tzero: nag: momentum must be in [0, 1)", momentum);
        detail::check(dampening >= 0 && dampening <= 1, "tzero: nag: dampening must be in [0, 1]", dampening);
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 1> e, no_coeffs) const {
        V& velocity = e.state[0];
        velocity = lerp ? math::lerp(velocity, u, 1 - momentum) : (velocity + u) * V(momentum);
        return u + velocity * V(1 - dampening);
    }
};

}  // namespace tzero
