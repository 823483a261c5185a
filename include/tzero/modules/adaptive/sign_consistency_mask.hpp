/// @file tzero/modules/adaptive/sign_consistency_mask.hpp
/// SignConsistencyMask: replaces the update by 1 where it has the same sign as the previous
/// update, 0 elsewhere.
///   u ← [prev·u > 0]        then prev ← u        (prev₀ = 0: the first mask is all 0)
/// Matches the documented math of torchzero `tz.m.SignConsistencyMask()`
/// (modules/adaptive/rprop.py), meant as a factor: `tz.m.Mul(tz.m.SignConsistencyMask())` is
/// `mul(sign_consistency_mask())`. torchzero computes the mask in place in `prev` and then copies the
/// update over it, so it returns the update unchanged; tzero returns the mask
/// (docs/modules.md lists this divergence). A zero or NaN element gives 0.
/// kind: elementwise. state: 1 slot (prev).
#pragma once
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct sign_consistency_mask {
    using kind = elementwise;
    static constexpr int state_slots = 1;
    static constexpr char const* name = "sign_consistency_mask";

    template <class V>
    TZERO_HD V apply(V u, element<V, 1> e, no_coeffs) const {
        V& prev = e.state[0];
        V same = math::mask<V>(prev * u > V(0));
        prev = u;
        return same;
    }
};

}  // namespace tzero
