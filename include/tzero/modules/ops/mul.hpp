/// @file tzero/modules/ops/mul.hpp
/// Mul: multiplies the update by a number, or by what a chain of modules makes of it.
///   u ← u · other        u ← u · other(u)
/// Matches torchzero `tz.m.Mul(other)` (modules/ops/binary.py). A chain operand (a `branch`,
/// core/branch.hpp) runs on a copy of the update entering `mul`; its state is `mul`'s and its math is
/// inlined into the same pass: `mul(adam() | lr(0.1))`.
/// Unlike `lr`, a number factor may be negative.
/// kind: elementwise. state: other's.
#pragma once
#include <tzero/modules/detail/binary_operand.hpp>

namespace tzero {

template <class Other = double>
struct mul : detail::binary_operand<mul<Other>, Other> {
    static constexpr char const* name = "mul";
    static constexpr char const* bad_number = "tzero: mul: other must be a finite number (write mul(0.5))";
    template <class V, class X>
    static TZERO_HD V combine(V u, X other) {
        return u * V(other);
    }
};
template <class O>
mul(O) -> mul<operand_t<O>>;

}  // namespace tzero
