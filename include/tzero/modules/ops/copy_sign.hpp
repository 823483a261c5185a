/// @file tzero/modules/ops/copy_sign.hpp
/// CopySign: |u|·sign(other(u)) as the update.
///   u ← |u|·sign(other(u))        (a zero other(u) counts as positive)
/// `other` runs on a copy of the update entering the module (a `branch`, core/branch.hpp): its
/// state is this module's and its math is inlined into the same pass.
/// Matches torchzero `tz.m.CopySign(other)` (modules/ops/binary.py).
/// kind: elementwise. state: other's.
#pragma once
#include <tzero/modules/detail/binary_operand.hpp>

namespace tzero {

template <class Other>
struct copy_sign : detail::binary_operand<copy_sign<Other>, Other> {
    static_assert(detail::is_branch<Other>,
                  "tzero: copy_sign: other must be a module or a chain (write copy_sign(sign()))");
    static constexpr char const* name = "copy_sign";
    template <class V>
    static TZERO_HD V combine(V u, V other) {
        return math::copysign(u, other);
    }
};
template <class O>
copy_sign(O) -> copy_sign<operand_t<O>>;

}  // namespace tzero
