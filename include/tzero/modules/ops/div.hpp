/// @file tzero/modules/ops/div.hpp
/// Div: divides the update by a number, or by what a chain of modules makes of it.
///   u ← u / other        u ← u / other(u)        (a true division, as torch's on the CPU)
/// Matches torchzero `tz.m.Div(other)` (modules/ops/binary.py). A chain operand (a `branch`,
/// core/branch.hpp) runs on a copy of the update entering `div`; its state is `div`'s and its math is
/// inlined into the same pass: `div(adam() | lr(0.1))`.
/// torchzero accepts the number 0 and fills the update with ±∞ and NaN; tzero rejects it. A chain
/// that yields 0 divides as torch does.
/// kind: elementwise. state: other's.
#pragma once
#include <tzero/modules/detail/binary_operand.hpp>

namespace tzero {

template <class Other = double>
struct div : detail::binary_operand<div<Other>, Other> {
    static constexpr char const* name = "div";
    static constexpr char const* bad_number = "tzero: div: other must be a finite nonzero number (write div(2))";
    static constexpr bool nonzero = true;
    template <class V, class X>
    static TZERO_HD V combine(V u, X other) {
        return u / V(other);
    }
};
template <class O>
div(O) -> div<operand_t<O>>;

}  // namespace tzero
