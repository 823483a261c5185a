/// @file tzero/modules/ops/ones.hpp
/// Ones: replaces the update by ones.
///   u ← 1
/// Matches torchzero `tz.m.Ones` (modules/ops/utility.py); the same as `fill(1)`.
/// kind: elementwise. state: none.
#pragma once
#include <tzero/core/module.hpp>

namespace tzero {

struct ones {
    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "ones";

    template <class V>
    TZERO_HD V apply(V, element<V, 0>, no_coeffs) const {
        return V(1);
    }
};

}  // namespace tzero
