/// @file tzero/modules/ops/sub.hpp
/// Sub: subtracts a number, or what a chain of modules makes of the update, from the update.
///   u ← u − other·alpha        (a number: other·alpha is formed once, in double, as torchzero does)
///   u ← u − alpha·other(u)     (a chain)
/// Matches torchzero `tz.m.Sub(other, alpha=1)` (modules/ops/binary.py). A chain operand (a `branch`,
/// core/branch.hpp) runs on a copy of the update entering `sub`; its state is `sub`'s and its math is
/// inlined into the same pass: `sub(adam() | lr(0.1))`.
/// kind: elementwise. state: other's.
#pragma once
#include <concepts>
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

template <class Other = double>
struct sub {
    Other other = required_operand<Other>;  ///< required, as in torchzero
    double alpha = 1;

    using kind = elementwise;
    static constexpr int state_slots = state_slots_of<sub>;
    static constexpr char const* name = "sub";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"other", &sub::other}, field{"alpha", &sub::alpha}};
    }

    constexpr void validate() const {
        validate_operand(other, "tzero: sub: other must be a finite number (write sub(1e-8))");
        detail::check(alpha - alpha == 0, "tzero: sub: alpha must be a finite number", alpha);
    }
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, auto const& k) const {
        if constexpr (std::same_as<Other, double>) return u - V(other * alpha);
        else return u - V(alpha) * value_of<&sub::other>(*this, k, u, e);
    }
};
template <class O>
sub(O) -> sub<operand_t<O>>;
template <class O>
sub(O, double) -> sub<operand_t<O>>;

}  // namespace tzero
