/// @file tzero/modules/ops/rdiv.hpp
/// RDiv: other / u as the update.
///   u ← other / u        (other a number, or other(u); u = 0 gives ±∞ or NaN, as torch)
/// `other` is a number or a chain of modules run on a copy of the update entering the module
/// (a `branch`, core/branch.hpp), whose state is this module's and whose math is inlined.
/// Matches torchzero `tz.m.RDiv(other)` (modules/ops/binary.py).
/// kind: elementwise. state: other's.
#pragma once
#include <tzero/modules/detail/binary_operand.hpp>

namespace tzero {

template <class Other>
struct rdiv : detail::binary_operand<rdiv<Other>, Other> {
    static constexpr char const* name = "rdiv";
    static constexpr char const* bad_number = "tzero: rdiv: other must be a finite number (write rdiv(2.0))";
    template <class V, class X>
    static TZERO_HD V combine(V u, X other) {
        return V(other) / u;
    }
};
template <class O>
rdiv(O) -> rdiv<operand_t<O>>;

}  // namespace tzero
