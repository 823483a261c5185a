/// @file tzero/modules/ops/div_modules.hpp
/// DivModules: the quotient of two operands, each a number or what a chain of modules makes of the
/// update.
///   u ← input / other        (each a number, or a chain applied to the update entering)
/// The incoming update is only the chains' input: `div_modules(adam(), tzero::abs() | add(1.0))` is
/// adam(u) / (|u| + 1). At least one operand is a chain, as torchzero requires. The chains
/// (branches, core/branch.hpp) keep their state in this module's slots, input's first, and are
/// inlined into the same pass. A number input is multiplied by the reciprocal, input·(1/other), as
/// torchzero computes `input / TensorList`; a number other must be nonzero (as `div`).
/// Matches torchzero `tz.m.DivModules(input, other, other_first=False)` (modules/ops/multi.py);
/// `other_first` only orders the chains' evaluation, which nothing here can observe, so it is not
/// a hyperparameter.
/// kind: elementwise. state: input's, then other's.
#pragma once
#include <concepts>
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

template <operand Input, operand Other>
struct div_modules {
    static_assert(detail::is_branch<Input> || detail::is_branch<Other>,
                  "tzero: div_modules: input or other must be a module or a chain (write div_modules(adam(), 2.0), "
                  "or div(2.0) for a number)");
    Input input = required_operand<Input>;  ///< required, as in torchzero
    Other other = required_operand<Other>;  ///< required, as in torchzero

    using kind = elementwise;
    static constexpr int state_slots = state_slots_of<div_modules>;
    static constexpr char const* name = "div_modules";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"input", &div_modules::input}, field{"other", &div_modules::other}};
    }

    constexpr void validate() const {
        validate_operand(input, "tzero: div_modules: input must be a finite number (write div_modules(1.0, adam()))");
        validate_operand(other,
                         "tzero: div_modules: other must be a finite nonzero number (write div_modules(adam(), 2.0))");
        if constexpr (std::same_as<Other, double>)
            detail::check(other != 0,
                          "tzero: div_modules: other must be a finite nonzero number (write div_modules(adam(), 2.0))",
                          other);
    }
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, auto const& k) const {
        V const b = value_of<&div_modules::other>(*this, k, u, e);
        if constexpr (std::same_as<Input, double>) return V(input) * (V(1) / b);
        else return value_of<&div_modules::input>(*this, k, u, e) / b;
    }
};
template <class I, class O>
div_modules(I, O) -> div_modules<operand_t<I>, operand_t<O>>;

}  // namespace tzero
