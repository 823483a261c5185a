/// @file tzero/modules/misc/grad_sign.hpp
/// GradSign: copies the gradient's sign onto the update.
///   u ← |u|·sign(g)        (a zero gradient counts as positive; torch reads −0 as negative)
/// Matches torchzero `tz.m.GradSign` (modules/misc/misc.py: `u.copysign(g)`).
/// kind: elementwise. state: none. reads: the gradient.
#pragma once
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct grad_sign {
    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr bool uses_grad = true;
    static constexpr char const* name = "grad_sign";

    template <class V>
    TZERO_HD V apply(V u, element<V, 0> e, no_coeffs) const {
        return math::copysign(u, e.g);
    }
};

}  // namespace tzero
