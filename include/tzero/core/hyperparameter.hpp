/// @file tzero/core/hyperparameter.hpp
/// `field`: a module's hyperparameters, named, so a chain can be printed, saved and restored.
///
/// Every module with data members lists them once (a module with none writes nothing):
///
///     static constexpr auto hyperparameters() {
///         return std::tuple{field{"beta1", &adam::beta1}, field{"eps_at", &adam::eps_at}};
///     }
///
/// and everything else reads them through `hyperparameters_of<M>()`.
/// A member is a number (`double`, an integer, `bool`), an enumeration that names its values
/// through `enumerators(E)` (found by ADL, e.g. `cautious_mode` → zero, grad, backtrack), an
/// empty tag fixed by the module's type (`normalized_t`, `global_t`) that names itself with a
/// `static constexpr char const* name`, a chain the module holds (`branch`), or a group of
/// named hyperparameters held as one value (a schedule, core/schedule.hpp), or a fixed list of
/// doubles (`std::array<double, N>`, `weighted_averaging`'s weights), or another fixed list of
/// numbers and chains (an `operands` pack, core/branch.hpp), or a number or a name held as one
/// value (a norm module's `ord`, core/metric.hpp). `describe(m)` prints
/// `adam(beta1=0.9, eps_at=torch)`, `add(other=[sign() | lr(lr=0.1)], alpha=1)`,
/// `lr(lr=cosine_schedule(peak_lr=0.001, total_steps=1000, warmup_steps=0, init_lr=0, min_lr=0))`.
#pragma once
#include <array>
#include <concepts>
#include <cstddef>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include <tzero/core/error.hpp>

namespace tzero {

/// One hyperparameter of module `M`: its name and the data member that holds it.
template <class M, class F>
struct field {
    using type = F;
    char const* name;
    F M::*member;
};
// spelled out for compilers without aggregate deduction (clang before 17)
template <class M, class F>
field(char const*, F M::*) -> field<M, F>;

/// M's hyperparameters, `std::tuple<field<M, F>...>`: its `hyperparameters()`, or an empty tuple
/// for a module that declares none.
template <class M>
constexpr auto hyperparameters_of() {
    if constexpr (requires { M::hyperparameters(); }) return M::hyperparameters();
    else return std::tuple<>{};
}

/// A member that is listed like any other but neither printed nor saved (`no_inner`,
/// core/module.hpp: an optional inner chain that is absent), so a module without it describes
/// and checkpoints as it did before it had the option.
template <class F>
concept omitted_hyperparameter = requires { requires bool(F::omitted); };

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

/// A group of named hyperparameters held as one value (a schedule, core/schedule.hpp): a
/// struct with its own `name` and `hyperparameters()`, printed `name(a=1, b=2)` and saved as a
/// JSON object `{"type": name, "a": 1, "b": 2}`.
template <class F>
concept hyperparameter_group = std::is_class_v<F> && !type_tag<F> && !holds_chain<F> && requires {
    { F::name } -> std::convertible_to<char const*>;
    F::hyperparameters();
};

namespace detail {
template <class F>
inline constexpr bool is_number_array = false;
template <std::size_t N>
inline constexpr bool is_number_array<std::array<double, N>> = true;
}  // namespace detail

/// A fixed number of doubles (`weighted_averaging`'s weights): printed and saved as a list.
template <class F>
concept number_array = detail::is_number_array<F>;

/// What a `hyperparameter_list` may hold: numbers and chains.
template <class F>
concept list_element = std::same_as<F, double> || std::same_as<F, bool> || std::integral<F> || holds_chain<F>;

namespace detail {
template <class F, std::size_t... I>
constexpr bool all_list_elements(std::index_sequence<I...>) {
    return (list_element<std::tuple_element_t<I, F>> && ...);
}
/// Element I of a list: its member `get<I>()` (an `operands` pack) or `std::get<I>`.
template <std::size_t I, class F>
constexpr auto& list_get(F& f) {
    if constexpr (requires { f.template get<I>(); }) return f.template get<I>();
    else return std::get<I>(f);
}
}  // namespace detail

/// Any other fixed-size list of numbers and chains, read as a tuple: an `operands` pack
/// (core/branch.hpp), `alternate`'s `std::array<int, N>` steps. Printed `[a, b]`, saved as a list.
template <class F>
concept hyperparameter_list = !number_array<F> && requires { std::tuple_size<F>::value; } &&
                              detail::all_list_elements<F>(std::make_index_sequence<std::tuple_size<F>::value>{});

/// Calls `f(index, element)` for each element of a list, in order.
template <class F, class Fn>
    requires hyperparameter_list<std::remove_const_t<F>>
constexpr void for_each_element(F& list, Fn&& f) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (f(I, detail::list_get<I>(list)), ...);
    }(std::make_index_sequence<std::tuple_size<std::remove_const_t<F>>::value>{});
}

/// A number or a name held as one value (`metric`: `ord = 2` or `ord = "std"`): `label()` is
/// the name, or null when it is the number `p`; built back from either. Printed as whichever it
/// is, saved as a JSON number or string.
template <class F>
concept number_or_name = std::is_class_v<F> && std::constructible_from<F, double> &&
                         std::constructible_from<F, char const*> && requires(F const f) {
                             { f.label() } -> std::same_as<char const*>;
                             { f.valid() } -> std::same_as<bool>;
                             { f.p } -> std::convertible_to<double>;
                         };

/// A type a hyperparameter may have.
template <class F>
concept hyperparameter_type =
    std::same_as<F, double> || std::same_as<F, bool> || std::integral<F> || named_enum<F> || type_tag<F> ||
    holds_chain<F> || hyperparameter_group<F> || number_array<F> || hyperparameter_list<F> || number_or_name<F>;

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
    else if constexpr (holds_chain<F>) {
        // appended, not `"[" + describe(...) + "]"`: gcc 12 -O3 reports a false -Wrestrict there
        std::string s = "[";
        s += describe(value.chain);
        return s += "]";
    } else if constexpr (hyperparameter_group<F>) return describe(value);
    else if constexpr (number_or_name<F>) return value.label() ? value.label() : detail::format_number(value.p);
    else if constexpr (number_array<F>) {
        std::string s = "[";
        for (std::size_t i = 0; i < value.size(); ++i) s += (i ? ", " : "") + detail::format_number(value[i]);
        return s + "]";
    } else if constexpr (hyperparameter_list<F>) {
        std::string s = "[";
        for_each_element(value, [&](std::size_t i, auto const& x) {
            if (i) s += ", ";
            s += to_string(x);
        });
        return s + "]";
    } else return std::to_string(value);
}

/// Calls `f(name, member)` for each hyperparameter of `m`, in declaration order (omitted ones,
/// such as an absent inner chain, skipped).
template <class M, class F>
constexpr void for_each_hyperparameter(M& m, F&& f) {
    auto const visit = [&](auto const& field) {
        if constexpr (!omitted_hyperparameter<typename std::remove_cvref_t<decltype(field)>::type>)
            f(field.name, m.*(field.member));
    };
    std::apply([&](auto... fields) { (visit(fields), ...); }, hyperparameters_of<std::remove_cvref_t<M>>());
}

/// "adam(beta1=0.9, beta2=0.999, eps=1e-08, ...)": a module and its hyperparameters.
template <class M>
std::string describe(M const& m) {
    // appended piece by piece: g++ 12 warns falsely (-Warray-bounds) on chains of temporaries
    std::string s = M::name;
    s += '(';
    bool first = true;
    for_each_hyperparameter(m, [&](char const* name, auto const& value) {
        if (!first) s += ", ";
        s += name;
        s += '=';
        s += to_string(value);
        first = false;
    });
    s += ')';
    return s;
}

}  // namespace tzero
