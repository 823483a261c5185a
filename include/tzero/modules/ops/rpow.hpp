/// @file tzero/modules/ops/rpow.hpp
/// RPow: other ^ u as the update.
///   u ← other ^ u        (other a number, or other(u); math::pow, as torch.pow)
/// `other` is a number or a chain of modules run on a copy of the update entering the module
/// (a `branch`, core/branch.hpp), whose state is this module's and whose math is inlined.
/// Matches torchzero `tz.m.RPow(other)` (modules/ops/binary.py).
/// kind: elementwise. state: other's.
#pragma once
#include <tzero/modules/detail/binary_operand.hpp>

namespace tzero {

template <class Other>
struct rpow : detail::binary_operand<rpow<Other>, Other> {
    static constexpr char const* name = "rpow";
    static constexpr char const* bad_number = "tzero: rpow: other must be a finite number (write rpow(2.0))";
    template <class V, class X>
    static TZERO_HD V combine(V u, X other) {
        return math::pow(V(other), u);
    }
};
template <class O>
rpow(O) -> rpow<operand_t<O>>;

}  // namespace tzero
