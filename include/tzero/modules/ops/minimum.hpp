/// @file tzero/modules/ops/minimum.hpp
/// Minimum: min(u, other(u)) as the update.
///   u ← min(u, other(u))        (NaN in either gives NaN, as torch.minimum)
/// `other` runs on a copy of the update entering the module (a `branch`, core/branch.hpp): its
/// state is this module's and its math is inlined into the same pass.
/// Matches torchzero `tz.m.Minimum(other)` (modules/ops/binary.py).
/// kind: elementwise. state: other's.
#pragma once
#include <tzero/modules/detail/binary_operand.hpp>

namespace tzero {

template <class Other>
struct minimum : detail::binary_operand<minimum<Other>, Other> {
    static_assert(detail::is_branch<Other>,
                  "tzero: minimum: other must be a module or a chain (write minimum(sign()))");
    static constexpr char const* name = "minimum";
    template <class V>
    static TZERO_HD V combine(V u, V other) {
        return math::min(u, other);
    }
};
template <class O>
minimum(O) -> minimum<operand_t<O>>;

}  // namespace tzero
