/// @file tzero/modules/ops/maximum.hpp
/// Maximum: max(u, other(u)) as the update.
///   u ← max(u, other(u))        (NaN in either gives NaN, as torch.maximum)
/// `other` runs on a copy of the update entering the module (a `branch`, core/branch.hpp): its
/// state is this module's and its math is inlined into the same pass.
/// Matches torchzero `tz.m.Maximum(other)` (modules/ops/binary.py).
/// kind: elementwise. state: other's.
#pragma once
#include <tzero/modules/detail/binary_operand.hpp>

namespace tzero {

template <class Other>
struct maximum : detail::binary_operand<maximum<Other>, Other> {
    static_assert(detail::is_branch<Other>,
                  "tzero: maximum: other must be a module or a chain (write maximum(sign()))");
    static constexpr char const* name = "maximum";
    template <class V>
    static TZERO_HD V combine(V u, V other) {
        return math::max(u, other);
    }
};
template <class O>
maximum(O) -> maximum<operand_t<O>>;

}  // namespace tzero
