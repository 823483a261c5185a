/// @file tzero/modules/ops/exp.hpp
/// Exp: replaces the update by its exponential.
///   u ← eᵘ        (e^−∞ = 0, e^∞ = ∞, NaN stays NaN, as torch.exp)
/// Matches torchzero `tz.m.Exp` (modules/ops/unary.py). SIMD lanes use xsimd's exp and scalars
/// the C library's; both are within an ulp or two of the exact value, not bitwise equal.
/// kind: elementwise. state: none.
#pragma once
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct exp {
    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "exp";

    template <class V>
    TZERO_HD V apply(V u, element<V, 0>, no_coeffs) const {
        return math::exp(u);
    }
};

}  // namespace tzero
