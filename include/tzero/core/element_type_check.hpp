/// @file tzero/core/element_type_check.hpp
/// `check_in_element_type<T>(chain, t)`: every number of a chain's hyperparameters, and every
/// schedule's value at step `t`, as the optimizer's element type `T` holds it. A module's
/// `validate()` checks its numbers in double; a float optimizer then computes with `float(x)`,
/// where 1e39 is infinite and 1e-46 is 0 (`adam{.eps = 1e-46}` divides 0 by 0, `lr(1e39)` makes
/// every parameter infinite). So a number finite in double must stay finite in `T`, and one that
/// is not 0 must not become 0. Left alone: numbers that are not finite (the module's `validate()`
/// decides: `clip_value(INFINITY)` is "no bound"), double's own extremes (`DBL_MAX`, `DBL_MIN`:
/// the "no bound" defaults of step-size clamps computed in double), and modules that limit their
/// numbers to the element type's range by definition (`saturating_hyperparameters`: nan_to_num,
/// as torch.nan_to_num). Optimizers call it for float, before a step writes anything.
#pragma once
#include <cfloat>
#include <cstddef>
#include <string>
#include <type_traits>

#include <tzero/core/chain.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/hyperparameter.hpp>
#include <tzero/core/schedule.hpp>

namespace tzero {

namespace detail {

template <class T>
void check_number_in(double x, char const* module, char const* name) {
    T const y = static_cast<T>(x);
    bool const extreme = x == DBL_MAX || x == -DBL_MAX || x == DBL_MIN;
    if (x - x == 0 && !extreme && (!(y - y == 0) || (x != 0 && y == 0)))
        throw error(std::string("tzero: ") + module + ": " + name + " = " + format_number(x) + " is " +
                    (y == 0 ? "0" : "infinite") + " in " + (sizeof(T) == 4 ? "float" : "double") +
                    ", the optimizer's element type (nothing was changed)");
}

template <class T, class... Ms>
void check_chain_in(chain<Ms...> const& c, long t);

/// One hyperparameter `value` of module `module` (or a part of one), named `name`.
template <class T, class F>
void check_value_in(F const& value, char const* module, char const* name, long t) {
    if constexpr (std::same_as<F, double>) {
        check_number_in<T>(value, module, name);
    } else if constexpr (tzero::schedule<F>) {
        check_number_in<T>(value(t), module, name);
    } else if constexpr (holds_chain<F>) {
        check_chain_in<T>(value.chain, t);
    } else if constexpr (hyperparameter_group<F>) {
        for_each_hyperparameter(value, [&](char const*, auto const& x) { check_value_in<T>(x, module, name, t); });
    } else if constexpr (number_or_name<F>) {
        if (!value.label()) check_number_in<T>(double(value.p), module, name);
    } else if constexpr (number_array<F>) {
        for (double const x : value) check_number_in<T>(x, module, name);
    } else if constexpr (hyperparameter_list<F>) {
        for_each_element(value, [&](std::size_t, auto const& x) { check_value_in<T>(x, module, name, t); });
    }
}

template <class T, class M>
void check_module_in(M const& m, long t) {
    if constexpr (!requires { requires bool(M::saturating_hyperparameters); })
        for_each_hyperparameter(
            m, [&](char const* name, auto const& value) { check_value_in<T>(value, M::name, name, t); });
}

template <class T, class... Ms>
void check_chain_in(chain<Ms...> const& c, long t) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (check_module_in<T>(c.template get<I>(), t), ...);
    }(std::index_sequence_for<Ms...>{});
}

}  // namespace detail

/// Throws `tzero::error` naming the first hyperparameter of `c` (or schedule value at step `t`)
/// that `T` cannot hold (see the file comment); nothing to check for double.
template <class T, class Chain>
void check_in_element_type(Chain const& c, long t) {
    if constexpr (!std::is_same_v<T, double>) detail::check_chain_in<T>(c, t);
}

}  // namespace tzero
