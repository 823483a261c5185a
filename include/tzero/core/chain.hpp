/// @file tzero/core/chain.hpp
/// `chain<Ms...>` and `operator|`: modules composed left to right into one flat type.
///
/// `a | b | c`, `a | (b | c)` and `(a | b) | c` all give `chain<A, B, C>`: nesting flattens, by
/// a pack expansion rather than recursion, so a long chain costs no template depth. The type is
/// the program (the plan is derived from it); the values are the hyperparameters. Composing
/// validates the hyperparameters, so `constexpr auto c = clip_value(-1) | adam();` does not
/// compile and the same line at run time throws `tzero::error`.
#pragma once
#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/hana/at.hpp>
#include <boost/hana/basic_tuple.hpp>

#include <tzero/core/module.hpp>

namespace tzero {

namespace detail {
template <template <class...> class M, class T>
inline constexpr bool specializes = false;
template <template <class...> class M, class... A>
inline constexpr bool specializes<M, M<A...>> = true;
}  // namespace detail

namespace detail {
/// What a failed `chain::get<M>()` returns after its static_assert: an `M&` never read, so that
/// the one error is the static_assert's.
template <class M>
M& stand_in() {
    return *static_cast<M*>(nullptr);
}
template <template <class...> class M>
decltype(auto) stand_in_template() {
    if constexpr (requires { typename M<>; }) return stand_in<M<>>();
}
}  // namespace detail

/// Modules applied in order to the update. An aggregate of its modules.
template <module... Ms>
struct chain {
    boost::hana::basic_tuple<Ms...> modules;

    static constexpr std::size_t size = sizeof...(Ms);

    /// The `I`-th module, to read or change its hyperparameters between steps.
    template <std::size_t I>
    constexpr auto& get() {
        return boost::hana::at_c<I>(modules);
    }
    template <std::size_t I>
    constexpr auto const& get() const {
        return boost::hana::at_c<I>(modules);
    }

    /// The first module of type `M` (e.g. `opt.chain().get<lr>().lr = 0.05`).
    /// Without one, one error and a stand-in `M&`, so that `get<M>().field` says nothing more.
    template <class M>
    constexpr decltype(auto) get() {
        if constexpr (contains<M>) return get<index_of<M>()>();
        else {
            static_assert(contains<M>, "tzero: chain::get<M>: the chain holds no module of type M");
            return detail::stand_in<M>();
        }
    }
    template <class M>
    constexpr decltype(auto) get() const {
        if constexpr (contains<M>) return get<index_of<M>()>();
        else {
            static_assert(contains<M>, "tzero: chain::get<M>: the chain holds no module of type M");
            return detail::stand_in<M>();
        }
    }

    /// The first module made from the class template `M`, whatever its arguments: `get<lr>()`
    /// finds `lr<double>` or `lr<cosine_schedule>`, `get<cautious>()` finds `cautious<>`.
    template <template <class...> class M>
    constexpr decltype(auto) get() {
        if constexpr (contains_template<M>) return get<index_of_template<M>()>();
        else {
            static_assert(contains_template<M>, "tzero: chain::get<M>: the chain holds no module made from M");
            return detail::stand_in_template<M>();
        }
    }
    template <template <class...> class M>
    constexpr decltype(auto) get() const {
        if constexpr (contains_template<M>) return get<index_of_template<M>()>();
        else {
            static_assert(contains_template<M>, "tzero: chain::get<M>: the chain holds no module made from M");
            return detail::stand_in_template<M>();
        }
    }

    /// Checks every module (`tzero::validate`, core/module.hpp); throws `tzero::error` naming the
    /// first bad value.
    constexpr void validate() const {
        [this]<std::size_t... I>(std::index_sequence<I...>) {
            (tzero::validate(get<I>()), ...);
        }(std::index_sequence_for<Ms...>{});
    }

    /// Shows every module that routes by parameter (`split`) the parameters' shapes, in order,
    /// and so every chain a module holds (a branch, an inner chain, an operand pack), at any
    /// depth; the optimizers call it once, when they are built.
    void bind(std::vector<std::vector<std::size_t>> const& shapes) {
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (
                [&](auto& m) {
                    if constexpr (requires { m.bind(shapes); }) m.bind(shapes);
                    for_each_hyperparameter(m, [&](char const*, auto& value) { bind_held(value, shapes); });
                }(get<I>()),
                ...);
        }(std::index_sequence_for<Ms...>{});
    }

  private:
    /// Binds the chains a hyperparameter holds (a branch, or the chains of an operand pack).
    template <class F>
    static void bind_held(F& value, std::vector<std::vector<std::size_t>> const& shapes) {
        if constexpr (holds_chain<F>) value.chain.bind(shapes);
        else if constexpr (hyperparameter_list<F>)
            for_each_element(value, [&](std::size_t, auto& x) { bind_held(x, shapes); });
    }

    template <class M>
    static constexpr std::size_t index_of() {
        constexpr bool match[] = {std::is_same_v<M, Ms>...};
        std::size_t i = 0;
        while (i < size && !match[i]) ++i;
        return i;
    }
    template <class M>
    static constexpr bool contains = (std::is_same_v<M, Ms> || ...);
    template <template <class...> class M>
    static constexpr std::size_t index_of_template() {
        constexpr bool match[] = {detail::specializes<M, Ms>...};
        std::size_t i = 0;
        while (i < size && !match[i]) ++i;
        return i;
    }
    template <template <class...> class M>
    static constexpr bool contains_template = (detail::specializes<M, Ms> || ...);
};

namespace detail {
template <class T>
inline constexpr bool is_chain = false;
template <class... Ms>
inline constexpr bool is_chain<chain<Ms...>> = true;
}  // namespace detail

/// A module or a chain: what `|` composes.
template <class T>
concept module_or_chain = module<T> || detail::is_chain<T>;

/// `m` as a one-module chain; a chain as itself.
template <module_or_chain T>
constexpr auto as_chain(T const& x) {
    if constexpr (detail::is_chain<T>) return x;
    else return chain<T>{boost::hana::make_basic_tuple(x)};
}

/// The chain type of a module or chain type; `as_chain_t<decltype(c)>` works for a const `c`.
template <class T>
    requires module_or_chain<std::remove_cvref_t<T>>
using as_chain_t = decltype(as_chain(std::declval<std::remove_cvref_t<T> const&>()));

namespace detail {
template <class... As, class... Bs, std::size_t... I, std::size_t... J>
constexpr chain<As..., Bs...> concat(chain<As...> const& a, chain<Bs...> const& b, std::index_sequence<I...>,
                                     std::index_sequence<J...>) {
    return {boost::hana::make_basic_tuple(a.template get<I>()..., b.template get<J>()...)};
}
}  // namespace detail

/// "clip_value(value=1) | adam(beta1=0.9, ...)": the modules of a chain and their hyperparameters
/// (a free function, so that `tzero::describe(c)` finds it as well as `describe(c)`).
template <class... Ms>
std::string describe(chain<Ms...> const& c) {
    std::string s;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        ((s += (I ? " | " : ""), s += describe(c.template get<I>())), ...);
    }(std::index_sequence_for<Ms...>{});
    return s;
}

/// `a | b`: `a` then `b`, as one flat chain; checks every hyperparameter.
template <module_or_chain A, module_or_chain B>
constexpr auto operator|(A const& a, B const& b) {
    auto ca = as_chain(a);
    auto cb = as_chain(b);
    auto c = detail::concat(ca, cb, std::make_index_sequence<ca.size>{}, std::make_index_sequence<cb.size>{});
    c.validate();
    return c;
}

/// `a | x` where `x` is not a module: one readable error instead of a wall of candidates. It
/// returns the module side as a chain, so that `auto c = adam() | 0.1;` reports nothing more.
template <class A, class B>
    requires(module_or_chain<A> != module_or_chain<B>)
constexpr auto operator|(A const& a, B const& b) {
    static_assert(detail::always_false<A>,
                  "tzero: both operands of | must be modules or chains (write lr(0.1), not 0.1)");
    if constexpr (module_or_chain<A>) return as_chain(a);
    else return as_chain(b);
}

}  // namespace tzero
