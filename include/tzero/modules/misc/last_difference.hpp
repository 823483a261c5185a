/// @file tzero/modules/misc/last_difference.hpp
/// LastDifference: the update minus the previous step's update.
///   out = u − s        s ← u        (s₀ = 0, so the first output is u)
/// Matches torchzero `tz.m.LastDifference()` (modules/misc/misc.py).
/// kind: elementwise. state: 1 slot (the previous update).
#pragma once
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct last_difference {
    using kind = elementwise;
    static constexpr int state_slots = 1;
    static constexpr char const* name = "last_difference";

    template <class V>
    TZERO_HD V apply(V u, element<V, 1> e, no_coeffs) const {
        V const out = u - e.state[0];
        e.state[0] = u;
        return out;
    }
};

}  // namespace tzero
