/// @file tzero/modules/ops/mul.hpp
/// Mul: multiplies the update by a number, or by what a chain of modules makes of it.
///   u ← u · other        u ← u · other(u)
/// Matches torchzero `tz.m.Mul(other)` (modules/ops/binary.py). A chain operand (a `branch`,
/// core/branch.hpp) runs on a copy of the update entering `mul`; its state is `mul`'s and its math is
/// inlined into the same pass: `mul(adam() | lr(0.1))`.
/// Unlike `lr`, a number factor may be negative.
/// kind: elementwise. state: other's.
#pragma once
#include <concepts>
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

template <class Other = double>
struct mul {
    Other other = required_operand<Other>;  ///< required, as in torchzero

    using kind = elementwise;
    static constexpr int state_slots = operand_slots<Other>;
    static constexpr bool uses_param = operand_uses_param<Other>;
    static constexpr bool uses_grad = operand_uses_grad<Other>;
    static constexpr char const* name = "mul";
    static constexpr auto hyperparameters() { return std::tuple{field{"other", &mul::other}}; }

    constexpr void validate() const {
        validate_operand(other, "tzero: mul: other must be a finite number (write mul(0.5))");
    }
    operand_coeffs<Other> per_step(long t) const { return operand_per_step(other, t); }
    template <class V>
    TZERO_HD V apply(V u, element<V, state_slots> e, operand_coeffs<Other> const& k) const {
        if constexpr (std::same_as<Other, double>) return u * V(other);
        else return u * operand_value(other, k, u, e);
    }
};
template <class O>
mul(O) -> mul<operand_t<O>>;

}  // namespace tzero
