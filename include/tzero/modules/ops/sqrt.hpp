/// @file tzero/modules/ops/sqrt.hpp
/// Sqrt: replaces the update by its square root.
///   u ← √u        (NaN for u < 0, √−0 = −0, as torch.sqrt)
/// Matches torchzero `tz.m.Sqrt` (modules/ops/unary.py). Negative updates give NaN, so it
/// usually follows a module whose output is ≥ 0 (`abs`, `ema_squared`).
/// kind: elementwise. state: none.
#pragma once
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct sqrt {
    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "sqrt";

    template <class V>
    TZERO_HD V apply(V u, element<V, 0>, no_coeffs) const {
        return math::sqrt(u);
    }
};

}  // namespace tzero
