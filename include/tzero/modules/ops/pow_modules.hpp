/// @file tzero/modules/ops/pow_modules.hpp
/// PowModules: one operand raised to another, each a number or what a chain of modules makes of
/// the update.
///   u ← input ^ exponent        (each a number, or a chain applied to the update entering)
/// The incoming update is only the chains' input: `pow_modules(tzero::abs(), 0.5)` is |u|^0.5. At
/// least one operand is a chain, as torchzero requires. The chains (branches, core/branch.hpp)
/// keep their state in this module's slots, input's first, and are inlined into the same pass. A
/// number exponent follows torch's pow(tensor, scalar) through `math::power` (as `pow`); otherwise
/// each element is `math::pow`.
/// Matches torchzero `tz.m.PowModules(input, exponent)` (modules/ops/multi.py), corrected:
/// torchzero divides input by exponent when input is a chain (a bug, docs/modules.md); tzero
/// raises it to the power, as its name and docstring say.
/// kind: elementwise. state: input's, then exponent's.
#pragma once
#include <concepts>
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

template <operand Input, operand Exponent>
struct pow_modules {
    static_assert(detail::is_branch<Input> || detail::is_branch<Exponent>,
                  "tzero: pow_modules: input or exponent must be a module or a chain (write pow_modules(adam(), 2.0), "
                  "or pow(2.0) for a number)");
    Input input = required_operand<Input>;           ///< required, as in torchzero
    Exponent exponent = required_operand<Exponent>;  ///< required, as in torchzero

    using kind = elementwise;
    static constexpr int state_slots = state_slots_of<pow_modules>;
    static constexpr char const* name = "pow_modules";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"input", &pow_modules::input}, field{"exponent", &pow_modules::exponent}};
    }

    constexpr void validate() const {
        validate_operand(input, "tzero: pow_modules: input must be a finite number (write pow_modules(2.0, sign()))");
        validate_operand(exponent,
                         "tzero: pow_modules: exponent must be a finite number (write pow_modules(adam(), 2.0))");
    }
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, auto const& k) const {
        V const a = value_of<&pow_modules::input>(*this, k, u, e);
        if constexpr (std::same_as<Exponent, double>) return math::power(a, exponent);
        else return math::pow(a, value_of<&pow_modules::exponent>(*this, k, u, e));
    }
};
template <class I, class E>
pow_modules(I, E) -> pow_modules<operand_t<I>, operand_t<E>>;

}  // namespace tzero
