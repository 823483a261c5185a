/// @file tzero/modules/ops/rcopy_sign.hpp
/// RCopySign: |other(u)|·sign(u) as the update.
///   u ← |other(u)|·sign(u)        (a zero u counts as positive)
/// `other` runs on a copy of the update entering the module (a `branch`, core/branch.hpp): its
/// state is this module's and its math is inlined into the same pass.
/// torchzero's `CopyMagnitude` is the same class; tzero's `copy_magnitude` is this template.
/// Matches torchzero `tz.m.RCopySign(other)` (modules/ops/binary.py).
/// kind: elementwise. state: other's.
#pragma once
#include <tzero/modules/detail/binary_operand.hpp>

namespace tzero {

template <class Other>
struct rcopy_sign : detail::binary_operand<rcopy_sign<Other>, Other> {
    static_assert(detail::is_branch<Other>,
                  "tzero: rcopy_sign: other must be a module or a chain (write rcopy_sign(sign()))");
    static constexpr char const* name = "rcopy_sign";
    template <class V>
    static TZERO_HD V combine(V u, V other) {
        return math::copysign(other, u);
    }
};
template <class O>
rcopy_sign(O) -> rcopy_sign<operand_t<O>>;

/// torchzero's `CopyMagnitude`, the same module: |other(u)|·sign(u).
template <class Other>
using copy_magnitude = rcopy_sign<Other>;

}  // namespace tzero
