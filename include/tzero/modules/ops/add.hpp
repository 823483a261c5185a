/// @file tzero/modules/ops/add.hpp
/// Add: adds a number, or what a chain of modules makes of the update, to the update.
///   u ← u + other·alpha        (a number: other·alpha is formed once, in double, as torchzero does)
///   u ← u + alpha·other(u)     (a chain)
/// Matches torchzero `tz.m.Add(other, alpha=1)` (modules/ops/binary.py). A chain operand (a `branch`,
/// core/branch.hpp) runs on a copy of the update entering `add`; its state is `add`'s and its math is
/// inlined into the same pass: `add(adam() | lr(0.1))`.
/// kind: elementwise. state: other's.
#pragma once
#include <concepts>
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

template <class Other = double>
struct add {
    Other other = required_operand<Other>;  ///< required, as in torchzero
    double alpha = 1;

    using kind = elementwise;
    static constexpr int state_slots = state_slots_of<add>;
    static constexpr char const* name = "add";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"other", &add::other}, field{"alpha", &add::alpha}};
    }

    constexpr void validate() const {
        validate_operand(other, "tzero: add: other must be a finite number (write add(1e-8))");
        detail::check(alpha - alpha == 0, "tzero: add: alpha must be a finite number", alpha);
    }
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, auto const& k) const {
        if constexpr (std::same_as<Other, double>) return u + V(other * alpha);
        else return u + V(alpha) * value_of<&add::other>(*this, k, u, e);
    }
};
template <class O>
add(O) -> add<operand_t<O>>;
template <class O>
add(O, double) -> add<operand_t<O>>;

}  // namespace tzero
