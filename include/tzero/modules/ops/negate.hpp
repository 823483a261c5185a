/// @file tzero/modules/ops/negate.hpp
/// Negate: flips the sign of the update (gradient ascent when first in a chain).
///   u ← −u        (−0 for 0, as torch.neg)
/// Matches torchzero `tz.m.Negate` (modules/ops/unary.py).
/// kind: elementwise. state: none.
#pragma once
#include <tzero/core/module.hpp>

namespace tzero {

struct negate {
    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "negate";

    template <class V>
    TZERO_HD V apply(V u, element<V, 0>, no_coeffs) const {
        return -u;
    }
};

}  // namespace tzero
