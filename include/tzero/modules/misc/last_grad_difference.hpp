/// @file tzero/modules/misc/last_grad_difference.hpp
/// LastGradDifference: the gradient minus the previous step's gradient (the update is replaced).
///   out = g − s        s ← g        (s₀ = 0, so the first output is g)
/// Matches torchzero `tz.m.LastGradDifference()` (modules/misc/misc.py).
/// kind: elementwise. state: 1 slot (the previous gradient). reads: the gradient.
#pragma once
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct last_grad_difference {
    using kind = elementwise;
    static constexpr int state_slots = 1;
    static constexpr bool uses_grad = true;
    static constexpr char const* name = "last_grad_difference";

    template <class V>
    TZERO_HD V apply(V, element<V, 1> e, no_coeffs) const {
        V const out = e.g - e.state[0];
        e.state[0] = e.g;
        return out;
    }
};

}  // namespace tzero
