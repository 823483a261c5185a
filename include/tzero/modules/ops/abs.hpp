/// @file tzero/modules/ops/abs.hpp
/// Abs: replaces the update by its magnitude.
///   u ← |u|        (|−0| = +0; NaN stays NaN, as torch.abs)
/// Matches torchzero `tz.m.Abs` (modules/ops/unary.py).
/// kind: elementwise. state: none.
#pragma once
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct abs {
    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "abs";

    template <class V>
    TZERO_HD V apply(V u, element<V, 0>, no_coeffs) const {
        return math::abs(u);
    }
};

}  // namespace tzero
