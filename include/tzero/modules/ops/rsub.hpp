/// @file tzero/modules/ops/rsub.hpp
/// RSub: other − u as the update.
///   u ← other − u        (other a number, or other(u))
/// `other` is a number or a chain of modules run on a copy of the update entering the module
/// (a `branch`, core/branch.hpp), whose state is this module's and whose math is inlined.
/// Matches torchzero `tz.m.RSub(other)` (modules/ops/binary.py).
/// kind: elementwise. state: other's.
#pragma once
#include <tzero/modules/detail/binary_operand.hpp>

namespace tzero {

template <class Other>
struct rsub : detail::binary_operand<rsub<Other>, Other> {
    static constexpr char const* name = "rsub";
    static constexpr char const* bad_number = "tzero: rsub: other must be a finite number (write rsub(2.0))";
    template <class V, class X>
    static TZERO_HD V combine(V u, X other) {
        return V(other) - u;
    }
};
template <class O>
rsub(O) -> rsub<operand_t<O>>;

}  // namespace tzero
