/// @file tzero/modules/ops/zeros.hpp
/// Zeros: replaces the update by zeros.
///   u ← 0
/// Matches torchzero `tz.m.Zeros` (modules/ops/utility.py); the same as `fill(0)`.
/// kind: elementwise. state: none.
#pragma once
#include <tzero/core/module.hpp>

namespace tzero {

struct zeros {
    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "zeros";

    template <class V>
    TZERO_HD V apply(V, element<V, 0>, no_coeffs) const {
        return V(0);
    }
};

}  // namespace tzero
