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
#include <concepts>
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

template <class Other = double>
struct div {
    Other other = required_operand<Other>;  ///< required, as in torchzero

    using kind = elementwise;
    static constexpr int state_slots = operand_slots<Other>;
    static constexpr bool uses_param = operand_uses_param<Other>;
    static constexpr bool uses_grad = operand_uses_grad<Other>;
    static constexpr char const* name = "div";
    static constexpr auto hyperparameters() { return std::tuple{field{"other", &div::other}}; }

    constexpr void validate() const {
        validate_operand(other, "tzero: div: other must be a finite nonzero number (write div(2))");
        if constexpr (std::same_as<Other, double>)
            detail::check(other != 0, "tzero: div: other must be a finite nonzero number (write div(2))", other);
    }
    operand_coeffs<Other> per_step(long t) const { return operand_per_step(other, t); }
    template <class V>
    TZERO_HD V apply(V u, element<V, state_slots> e, operand_coeffs<Other> const& k) const {
        if constexpr (std::same_as<Other, double>) return u / V(other);
        else return u / operand_value(other, k, u, e);
    }
};
template <class O>
div(O) -> div<operand_t<O>>;

}  // namespace tzero
