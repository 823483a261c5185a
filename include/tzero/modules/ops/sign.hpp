/// @file tzero/modules/ops/sign.hpp
/// Sign: replaces the update by its sign (signSGD when first in a chain).
///   u ← sign(u)        (−1, 0 or 1; 0 for NaN, as torch.sign)
/// Matches torchzero `tz.m.Sign` (modules/ops/unary.py).
/// kind: elementwise. state: none.
#pragma once
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct sign {
    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "sign";

    template <class V>
    TZERO_HD V apply(V u, element<V, 0>, no_coeffs) const {
        return math::sign(u);
    }
};

}  // namespace tzero
