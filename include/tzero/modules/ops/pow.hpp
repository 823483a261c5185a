/// @file tzero/modules/ops/pow.hpp
/// Pow: raises the update to a number, or to what a chain of modules makes of the update.
///   u ← u^exponent        u ← u^exponent(u)
/// Matches torchzero `tz.m.Pow(exponent)` (modules/ops/binary.py). A number exponent follows
/// torch's `pow(tensor, scalar)` to the bit through `math::power`, which takes torch's special
/// cases: exponent 0 gives 1 (even for NaN), 1 the update, 2 and 3 products (u·u, u·u·u), −2 is
/// 1/(u·u), ½ is √u, −½ is 1/√u, −1 is 1/u; any other exponent is `pow` (NaN for a negative base
/// and a non-integer exponent). A chain exponent (a `branch`, core/branch.hpp) runs on a copy of
/// the update entering `pow`, its state is `pow`'s, and each element is `math::pow(u, e(u))`.
/// kind: elementwise. state: exponent's.
#pragma once
#include <concepts>
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

template <class Exponent = double>
struct pow {
    Exponent exponent = required_operand<Exponent>;  ///< required, as in torchzero

    using kind = elementwise;
    static constexpr int state_slots = state_slots_of<pow>;
    static constexpr char const* name = "pow";
    static constexpr auto hyperparameters() { return std::tuple{field{"exponent", &pow::exponent}}; }

    constexpr void validate() const {
        validate_operand(exponent, "tzero: pow: exponent must be a finite number (write pow(2))");
    }
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, auto const& k) const {
        if constexpr (std::same_as<Exponent, double>) return math::power(u, exponent);
        else return math::pow(u, value_of<&pow::exponent>(*this, k, u, e));
    }
};
template <class E>
pow(E) -> pow<operand_t<E>>;

}  // namespace tzero
