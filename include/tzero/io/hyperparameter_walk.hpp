/// @file tzero/io/hyperparameter_walk.hpp
/// `walk`: a chain's hyperparameters handed, value by value, to a `hyperparameter_visitor`. This
/// walk over `for_each_hyperparameter` is the only checkpoint code compiled per chain type; the
/// visitors that write the JSON, read it back with its checks, and print a chain for a message
/// (io/hyperparameters_json.hpp) are plain classes, compiled once.
///
/// A visitor reads each value it is given, or writes it (returning true) when it decodes; a held
/// chain (`branch`) is walked as a chain of its own, inside `begin_held_chain`/`end_held_chain`.
#pragma once
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>

#include <tzero/core/chain.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/hyperparameter.hpp>

namespace tzero::detail::checkpoint {

struct hyperparameter_visitor;

/// A chain of any type, walkable and checkable through plain function pointers.
struct chain_ref {
    void* chain;
    void (*walk)(void* chain, hyperparameter_visitor& v);
    void (*validate)(void const* chain);
};

/// An integer hyperparameter as its type allows it.
struct integer_value {
    std::uint64_t bits;  ///< the value, two's complement when `is_signed`
    bool is_signed;
    std::int64_t min;
    std::uint64_t max;
};

/// A number-or-name hyperparameter (`metric`); a decoder sets `label` or `p` and `result`.
struct number_or_name_value {
    char const* label;  ///< null when it is the number `p`
    double p;
    bool (*known)(char const* name);  ///< does the type know this name?
    enum { unchanged, to_label, to_number } result = unchanged;
};

struct hyperparameter_visitor {
    virtual void begin_chain(std::size_t modules, chain_ref chain) = 0;
    virtual void end_chain(chain_ref chain) = 0;
    virtual void begin_module(std::size_t index, char const* name) = 0;
    virtual void end_module() = 0;
    /// The next value is the hyperparameter (or group field) `name`.
    virtual void field(char const* name) = 0;
    virtual bool number(double& x) = 0;
    virtual bool boolean(bool& x) = 0;
    virtual bool integer(integer_value& x) = 0;
    virtual bool enumerator(std::size_t& index, char const* const* names, std::size_t count) = 0;
    virtual void tag(char const* name) = 0;
    virtual void number_or_name(number_or_name_value& x) = 0;
    virtual void begin_group(char const* type) = 0;
    virtual void end_group(char const* type) = 0;
    /// A list of `size` elements (`numbers`: of doubles only); `element(i)` comes before each.
    virtual void begin_list(std::size_t size, bool numbers) = 0;
    virtual void element(std::size_t index) = 0;
    virtual void end_list() = 0;
    /// Returns a mark for `held_chain_failed`, which rethrows an error from inside the held chain.
    virtual std::size_t begin_held_chain() = 0;
    [[noreturn]] virtual void held_chain_failed(std::size_t mark, error const& e) = 0;
    virtual void end_held_chain() = 0;

  protected:
    ~hyperparameter_visitor() = default;
};

template <class... Ms>
void walk(chain<Ms...>& c, hyperparameter_visitor& v);

template <class C>
chain_ref chain_ref_of(C& c) {
    return {&c, [](void* p, hyperparameter_visitor& v) { walk(*static_cast<C*>(p), v); },
            [](void const* p) { static_cast<C const*>(p)->validate(); }};
}

template <hyperparameter_type F>
void walk_value(F& x, hyperparameter_visitor& v) {
    if constexpr (std::same_as<F, double>) {
        v.number(x);
    } else if constexpr (std::same_as<F, bool>) {
        v.boolean(x);
    } else if constexpr (std::integral<F>) {
        integer_value i{std::uint64_t(x), std::is_signed_v<F>, std::int64_t(std::numeric_limits<F>::min()),
                        std::uint64_t(std::numeric_limits<F>::max())};
        if (v.integer(i)) x = F(i.bits);
    } else if constexpr (named_enum<F>) {
        auto const names = enumerators(x);
        auto index = static_cast<std::size_t>(x);
        if (v.enumerator(index, names.data(), names.size())) x = F(index);
    } else if constexpr (type_tag<F>) {
        v.tag(F::name);
    } else if constexpr (number_or_name<F>) {
        number_or_name_value n{x.label(), double(x.p), [](char const* name) { return F(name).valid(); }};
        v.number_or_name(n);
        if (n.result == n.to_label) x = F(n.label);
        else if (n.result == n.to_number) x = F(n.p);
    } else if constexpr (holds_chain<F>) {
        std::size_t const mark = v.begin_held_chain();
        try {
            walk(x.chain, v);
        } catch (error const& e) {
            v.held_chain_failed(mark, e);
        }
        v.end_held_chain();
    } else if constexpr (hyperparameter_group<F>) {
        v.begin_group(F::name);
        for_each_hyperparameter(x, [&](char const* name, auto& value) {
            v.field(name);
            walk_value(value, v);
        });
        v.end_group(F::name);
    } else if constexpr (number_array<F>) {
        v.begin_list(x.size(), true);
        for (std::size_t i = 0; i < x.size(); ++i) {
            v.element(i);
            v.number(x[i]);
        }
        v.end_list();
    } else {
        static_assert(hyperparameter_list<F>);
        v.begin_list(std::tuple_size<F>::value, false);
        for_each_element(x, [&](std::size_t i, auto& element) {
            v.element(i);
            walk_value(element, v);
        });
        v.end_list();
    }
}

template <class M>
void walk_module(std::size_t index, M& m, hyperparameter_visitor& v) {
    v.begin_module(index, M::name);
    for_each_hyperparameter(m, [&](char const* name, auto& value) {
        v.field(name);
        walk_value(value, v);
    });
    v.end_module();
}

template <class... Ms>
void walk(chain<Ms...>& c, hyperparameter_visitor& v) {
    chain_ref const self = chain_ref_of(c);
    v.begin_chain(sizeof...(Ms), self);
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (walk_module(I, c.template get<I>(), v), ...);
    }(std::index_sequence_for<Ms...>{});
    v.end_chain(self);
}

}  // namespace tzero::detail::checkpoint
