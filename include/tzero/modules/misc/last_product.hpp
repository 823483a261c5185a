/// @file tzero/modules/misc/last_product.hpp
/// LastProduct: the update times the previous step's update.
///   out = u·s        s ← u        (s₀ = 1, so the first output is u)
/// Matches torchzero `tz.m.LastProduct()` (modules/misc/misc.py).
/// kind: elementwise. state: 1 slot (the previous update).
#pragma once
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct last_product {
    using kind = elementwise;
    static constexpr int state_slots = 1;
    static constexpr char const* name = "last_product";

    struct coeffs {
        bool first;  ///< the previous update starts at 1
    };
    coeffs per_step(long t) const { return {t == 1}; }

    template <class V>
    TZERO_HD V apply(V u, element<V, 1> e, coeffs k) const {
        V const out = u * (k.first ? V(1) : e.state[0]);
        e.state[0] = u;
        return out;
    }
};

}  // namespace tzero
