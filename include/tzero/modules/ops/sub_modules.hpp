/// @file tzero/modules/ops/sub_modules.hpp
/// SubModules: the difference of two operands, each a number or what a chain of modules makes of
/// the update.
///   u ← input − alpha·other        (each a number, or a chain applied to the update entering)
/// The incoming update is only the chains' input: `sub_modules(adam(), sign())` is
/// adam(u) − sign(u). At least one operand is a chain, as torchzero requires. The chains (branches,
/// core/branch.hpp) keep their state in this module's slots, input's first, and are inlined into
/// the same pass. A number `other` subtracts other·alpha formed once in double, as torchzero does.
/// Matches torchzero `tz.m.SubModules(input, other, alpha=1)` (modules/ops/multi.py).
/// kind: elementwise. state: input's, then other's.
#pragma once
#include <concepts>
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

template <operand Input, operand Other>
struct sub_modules {
    static_assert(detail::is_branch<Input> || detail::is_branch<Other>,
                  "tzero: sub_modules: input or other must be a module or a chain (write sub_modules(adam(), 1.0), "
                  "or sub(1.0) for a number)");
    Input input = required_operand<Input>;  ///< required, as in torchzero
    Other other = required_operand<Other>;  ///< required, as in torchzero
    double alpha = 1;

    using kind = elementwise;
    static constexpr int state_slots = state_slots_of<sub_modules>;
    static constexpr char const* name = "sub_modules";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"input", &sub_modules::input}, field{"other", &sub_modules::other},
                          field{"alpha", &sub_modules::alpha}};
    }

    constexpr void validate() const {
        validate_operand(input, "tzero: sub_modules: input must be a finite number (write sub_modules(1.0, adam()))");
        validate_operand(other, "tzero: sub_modules: other must be a finite number (write sub_modules(adam(), 1.0))");
        detail::check(alpha - alpha == 0, "tzero: sub_modules: alpha must be a finite number", alpha);
    }
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, auto const& k) const {
        V const a = value_of<&sub_modules::input>(*this, k, u, e);
        if constexpr (std::same_as<Other, double>) {
            return a - V(other * alpha);
        } else {
            V const b = value_of<&sub_modules::other>(*this, k, u, e);
            if constexpr (std::same_as<Input, double>) return a - b * V(alpha);  // input − other·alpha
            else return a - V(alpha) * b;                                        // torch's sub(..., alpha)
        }
    }
};
template <class I, class O>
sub_modules(I, O) -> sub_modules<operand_t<I>, operand_t<O>>;
template <class I, class O>
sub_modules(I, O, double) -> sub_modules<operand_t<I>, operand_t<O>>;

}  // namespace tzero
