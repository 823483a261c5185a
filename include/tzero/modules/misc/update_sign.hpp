/// @file tzero/modules/misc/update_sign.hpp
/// UpdateSign: the raw gradient's magnitude with the update's sign.
///   u ← |g|·sign(u)        (a zero update counts as positive; torch reads −0 as negative)
/// Matches torchzero `tz.m.UpdateSign` (modules/misc/misc.py: `g.copysign(u)`).
/// kind: elementwise. state: none. reads: the gradient.
#pragma once
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct update_sign {
    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr bool uses_grad = true;
    static constexpr char const* name = "update_sign";

    template <class V>
    TZERO_HD V apply(V u, element<V, 0> e, no_coeffs) const {
        return math::copysign(e.g, u);
    }
};

}  // namespace tzero
