/// @file tzero/modules/ops/rcopy_sign.hpp
/// RCopySign: |other(u)|·sign(u) as the update.
///   u ← |other(u)|·sign(u)        (a zero u counts as positive)
/// `other` runs on a copy of the update entering the module (a `branch`, core/branch.hpp): its
/// state is this module's and its math is inlined into the same pass.
/// torchzero's `CopyMagnitude` is the same class; tzero's `copy_magnitude` is this template.
/// Matches torchzero `tz.m.RCopySign(other)` (modules/ops/binary.py).
/// kind: elementwise. state: other's.
#pragma once
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

template <class Other>
struct rcopy_sign {
    static_assert(detail::is_branch<Other>,
                  "tzero: rcopy_sign: other must be a module or a chain (write rcopy_sign(sign()))");
    Other other;

    using kind = elementwise;
    static constexpr int state_slots = operand_slots<Other>;
    static constexpr bool uses_param = operand_uses_param<Other>;
    static constexpr bool uses_grad = operand_uses_grad<Other>;
    static constexpr char const* name = "rcopy_sign";
    static constexpr auto hyperparameters() { return std::tuple{field{"other", &rcopy_sign::other}}; }

    constexpr void validate() const {
        validate_operand(other, "");  // its modules' checks
    }
    operand_coeffs<Other> per_step(long t) const { return operand_per_step(other, t); }
    template <class V>
    TZERO_HD V apply(V u, element<V, state_slots> e, operand_coeffs<Other> const& k) const {
        V const o = operand_value(other, k, u, e);
        return math::copysign(o, u);
    }
};
template <class O>
rcopy_sign(O) -> rcopy_sign<operand_t<O>>;

/// torchzero's `CopyMagnitude`, the same module: |other(u)|·sign(u).
template <class Other>
using copy_magnitude = rcopy_sign<Other>;

}  // namespace tzero
