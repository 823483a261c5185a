/// @file tzero/modules/ops/identity.hpp
/// Identity: passes the update through unchanged (a placeholder in a chain).
///   u ← u
/// Matches torchzero `tz.m.Identity` and its alias `tz.m.Noop` (modules/ops/utility.py).
/// torchzero's Identity also serves trust regions as an identity Hessian; that use comes with
/// them.
/// kind: elementwise. state: none.
#pragma once
#include <tzero/core/module.hpp>

namespace tzero {

struct identity {
    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "identity";

    template <class V>
    TZERO_HD V apply(V u, element<V, 0>, no_coeffs) const {
        return u;
    }
};

/// torchzero's alias.
using noop = identity;

}  // namespace tzero
