/// @file tzero/modules/detail/binary_operand.hpp
/// The module behind `mul`, `div`, `rsub`, `rdiv`, `rpow`, `maximum`, `minimum`, `copy_sign` and
/// `rcopy_sign`: the update and one operand, a number or what a chain makes of the update
/// (core/branch.hpp), combined by one line of math.
#pragma once
#include <concepts>
#include <tuple>
#include <type_traits>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero::detail {

/// u ← M::combine(u, other): `other` is passed as the `double` it is, or as the chain's output (a
/// `V`). The module M derives from it and says only what is its own, its `name`, its math and,
/// when a number is allowed, the error for one that is not finite (`bad_number`; with
/// `nonzero = true`, for zero too):
///
///     template <class Other = double>
///     struct mul : detail::binary_operand<mul<Other>, Other> {
///         static constexpr char const* name = "mul";
///         static constexpr char const* bad_number = "tzero: mul: other must be a finite number (write mul(0.5))";
///         template <class V, class X>
///         static TZERO_HD V combine(V u, X other) { return u * V(other); }
///     };
///
/// It stays an aggregate of one element, this base, built from the operand: `mul(2.0)`,
/// `mul(adam() | lr(0.1))`, `mul<double>{}`.
template <class M, operand Other>
struct binary_operand {
    Other other = required_operand<Other>;  ///< required, as in torchzero

    constexpr binary_operand() = default;
    // implicit, from the operand alone: `mul(2.0)` initializes this base, the module's one element
    template <class A>
        requires(std::is_arithmetic_v<A> || module_or_chain<A> || std::same_as<A, Other>) &&
                std::constructible_from<Other, A const&>
    constexpr binary_operand(A const& a) : other(a) {}

    using kind = elementwise;
    static constexpr int state_slots = state_slots_of<binary_operand>;
    static constexpr auto hyperparameters() { return std::tuple{field{"other", &binary_operand::other}}; }

    constexpr void validate() const
        requires std::same_as<Other, double>
    {
        bool nonzero = false;
        if constexpr (requires { M::nonzero; }) nonzero = M::nonzero;
        detail::check(other - other == 0 && !(nonzero && other == 0), M::bad_number, other);
    }
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, auto const& k) const {
        if constexpr (std::same_as<Other, double>) return M::combine(u, other);
        else return M::combine(u, value_of<&binary_operand::other>(*this, k, u, e));
    }
};

}  // namespace tzero::detail
