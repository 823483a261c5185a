/// @file tzero/modules/detail/fold_operands.hpp
/// The module behind `sum`, `prod`, `mean`, `maximum_modules` and `minimum_modules`: several
/// operands, numbers or what chains make of the update (an `operands` pack, core/branch.hpp),
/// folded by one line of math.
#pragma once
#include <cstddef>
#include <tuple>

#include <boost/hana/basic_tuple.hpp>

#include <tzero/core/branch.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero::detail {

/// u ← M::finish(M::combine(...M::combine(x₀, x₁)..., xₙ), n) over the operands' values, chains
/// first (`operands::fold`); `finish` is optional. The module M derives from it and says only what
/// is its own: its `name`, the error for a number operand that is not finite (`bad_number`), its
/// math, and that it needs a chain (a `static_assert`, whose text must be a literal):
///
///     template <operand... Os>
///     struct sum : detail::fold_operands<sum<Os...>, Os...> {
///         static_assert(operands<Os...>::branches > 0, "tzero: sum: at least one operand must be ...");
///         using detail::fold_operands<sum<Os...>, Os...>::fold_operands;
///         static constexpr char const* name = "sum";
///         static constexpr char const* bad_number = "tzero: sum: a number operand must be finite";
///         template <class V>
///         static TZERO_HD V combine(V a, V b) { return a + b; }
///     };
template <class M, operand... Os>
struct fold_operands {
    operands<Os...> inputs;

    constexpr fold_operands() = default;
    constexpr fold_operands(Os const&... os) : inputs{boost::hana::make_basic_tuple(os...)} {}

    using kind = elementwise;
    static constexpr int state_slots = state_slots_of<fold_operands>;
    static constexpr auto hyperparameters() { return std::tuple{field{"inputs", &fold_operands::inputs}}; }

    constexpr void validate() const { inputs.validate(M::bad_number); }
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, auto const& k) const {
        V const x = inputs.fold(k, u, e, [](V a, V b, auto) { return M::combine(a, b); });
        if constexpr (requires { M::finish(x, sizeof...(Os)); }) return M::finish(x, sizeof...(Os));
        else return x;
    }
};

}  // namespace tzero::detail
