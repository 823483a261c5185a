/// @file tzero/modules/ops/grad.hpp
/// Grad: replaces the update by the raw gradient, discarding what earlier modules made of it.
///   u ← g
/// Matches torchzero `tz.m.Grad` (modules/ops/utility.py).
/// kind: elementwise. state: none. reads: the gradient.
#pragma once
#include <tzero/core/module.hpp>

namespace tzero {

struct grad {
    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr bool uses_grad = true;
    static constexpr char const* name = "grad";

    template <class V>
    TZERO_HD V apply(V, element<V, 0> e, no_coeffs) const {
        return e.g;
    }
};

}  // namespace tzero
