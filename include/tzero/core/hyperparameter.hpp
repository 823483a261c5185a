/// @file tzero/core/hyperparameter.hpp
/// `field`: a module's hyperparameters, named, so a chain can be printed, saved and restored.
///
/// Every module lists its data members once:
///
///     static constexpr auto hyperparameters() {
///         return std::tuple{field{"beta1", &adam::beta1}, field{"eps_at", &adam::eps_at}};
///     }
///
/// A member is a number (`double`, an integer, `bool`), an enumeration that names its values
/// through `enumerators(E)` (found by ADL, e.g. `cautious_mode` → zero, grad, backtrack), an
/// empty tag fixed by the module's type (`normalized_t`, `global_t`) that names itself with a
/// `static constexpr char const* name`, or a chain the module holds (`branch`). `describe(m)`
/// prints `adam(beta1=0.9, eps_at=torch)`, `add(other=[sign() | lr(lr=0.1)], alpha=1)`.
#pragma once
#include <concepts>
#include <cstddef>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>

#include <tzero/core/error.hpp>

namespace tzero {

/// One hyperparameter of module `M`: its name and the data member that holds it.
template <class M, class F>
struct field {
    char const* name;
    F M::*member;
};

/// An enumeration whose values are named by `enumerators(E{})`: an array of names, in order.
template <class E>
concept named_enum = std::is_enum_v<E> && requires(E e) {
    { enumerators(e).size() } -> std::convertible_to<std::size_t>;
    { enumerators(e)[0] } -> std::convertible_to<char const*>;
};

/// An empty member that is part of the module's type and names itself (`global_t`).
template <class F>
concept type_tag = std::is_empty_v<F> && requires {
    { F::name } -> std::convertible_to<char const*>;
};

/// A chain held by a module (`branch`, core/branch.hpp): printed and saved as its modules.
template <class F>
concept holds_chain = requires(F const& f) {
    typename F::inner_chain;
    f.chain;
};

/// A type a hyperparameter may have.
template <class F>
concept hyperparameter_type = std::same_as<F, double> || std::same_as<F, bool> || std::integral<F> ||
                              named_enum<F> || type_tag<F> || holds_chain<F>;

/// The name of an enumerator, "?" when `e` is out of range.
template <named_enum E>
constexpr char const* name_of(E e) {
    auto const names = enumerators(e);
    auto const i = static_cast<std::size_t>(e);
    return i < names.size() ? names[i] : "?";
}

/// A hyperparameter's value as `describe` prints it.
template <hyperparameter_type F>
std::string to_string(F const& value) {
    if constexpr (std::same_as<F, bool>) return value ? "true" : "false";
    else if constexpr (std::same_as<F, double>) return detail::format_number(value);
    else if constexpr (named_enum<F>) return name_of(value);
    else if constexpr (type_tag<F>) return F::name;
    else if constexpr (holds_chain<F>) return "[" + describe(value.chain) + "]";
    else return std::to_string(value);
}

/// Calls `f(name, member)` for each hyperparameter of `m`, in declaration order.
template <class M, class F>
constexpr void for_each_hyperparameter(M& m, F&& f) {
    std::apply([&](auto... fields) { (f(fields.name, m.*(fields.member)), ...); },
               std::remove_const_t<M>::hyperparameters());
}

/// "adam(beta1=0.9, beta2=0.999, eps=1e-08, ...)": a module and its hyperparameters.
template <class M>
std::string describe(M const& m) {
    std::string s = std::string(M::name) + "(";
    bool first = true;
    for_each_hyperparameter(m, [&](char const* name, auto const& value) {
        s += (first ? "" : ", ") + std::string(name) + "=" + to_string(value);
        first = false;
    });
    return s + ")";
}

}  // namespace tzero
