/// @file tzero/core/branch.hpp
/// `branch`: a chain inside a module; `operand`: a number or a branch (torchzero's
/// `Chainable | float`); `operands`: several of them (torchzero's `*inputs`).
///
/// torchzero's binary modules (`Add(other)`, `Lerp(end, weight)`, `CopySign(other)`, ...) take a
/// number or modules as an operand; modules run on a copy of the update entering the binary
/// module, and their output is the operand. In tzero the operand's type says which: `double`, or
/// `branch<Chain>`, a chain of elementwise modules whose state slots become the binary module's
/// and whose math is inlined into the same fused pass, so nesting costs no pass.
///
///     add(1.0)                      u + 1
///     add(adam() | lr(0.1))         u + lr(adam(u))     (adam's two slots are add's)
///     lerp(sign(), 0.5)             lerp(u, sign(u), 0.5)
///     sum(adam(), sign(), 1.0)      adam(u) + sign(u) + 1   (a pack: `operands<Os...>`)
///
/// A branch must be elementwise: a reduce module needs its own pass, so it belongs in the outer
/// chain (`static_assert`). A module holding branches (or an `operands` pack) as hyperparameters
/// gets from core/module.hpp everything they imply: its `state_slots = state_slots_of<M>` (its own
/// `own_slots`, then each held chain's, in field order), `uses_param_v` / `uses_grad_v`, their
/// per-step scalars (when it declares no `per_step`), their checks (`validate(m)`), and it reads
/// an operand as `value_of<&M::other>(*this, k, u, e)`. A pack (`sum`, `alternate`) holds
/// numbers and branches as one hyperparameter, from the operands themselves or
/// `make_operands(a, b, ...)`: `first_slot[I]` is operand I's first slot, its `per_step(t)` gives
/// every operand's scalars (or each at its own step count), and `value<I>(k, u, e)` is operand
/// I's value; `fold` combines the values in torchzero's order (chains first, then numbers) and
/// `select` evaluates only one operand, leaving the others' state untouched. A pack is a
/// hyperparameter, read as a tuple: `describe` prints it as `[[adam(...)], 1]` and checkpoints
/// save it as a JSON array (core/hyperparameter.hpp).
#pragma once
#include <array>
#include <concepts>
#include <cstddef>
#include <limits>
#include <tuple>
#include <type_traits>
#include <utility>

#include <boost/hana/at.hpp>
#include <boost/hana/basic_tuple.hpp>

#include <tzero/core/chain.hpp>
#include <tzero/core/config.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/evaluate.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/plan.hpp>

namespace tzero {

/// An elementwise chain held by a module as an operand. Converts from a module or a chain.
template <class Chain>
struct branch {
    static_assert(detail::is_chain<Chain>, "tzero: branch<C>: C must be a chain (write branch(adam() | lr(1)))");
    static_assert(plan_of<Chain>::reductions == 0,
                  "tzero: a module's operand must be elementwise: a reduce module (clip_norm, "
                  "cautious(normalized)) needs its own pass, so put it in the outer chain");
    static_assert(!plan_of<Chain>::uses_loss,
                  "tzero: a module's operand cannot read the loss: put div_by_loss, mul_by_loss and the other "
                  "modules that read it in the outer chain");

    using inner_chain = Chain;
    Chain chain;

    constexpr branch() = default;
    template <module_or_chain C>
        requires std::same_as<as_chain_t<C>, Chain>
    constexpr branch(C const& c) : chain(as_chain(c)) {}  // implicit: `add(adam())` reads naturally

    static constexpr int state_slots = plan_of<Chain>::state_slots;
    static constexpr bool uses_param = plan_of<Chain>::any_uses_param(0, plan_of<Chain>::modules);
    static constexpr bool uses_grad = plan_of<Chain>::any_uses_grad(0, plan_of<Chain>::modules);

    /// The chain's per-step scalars at step `t`.
    step_coeffs<Chain> per_step(long t) const { return tzero::per_step(chain, t); }
    /// The chain applied to `x`, with the module's state from slot `first_slot` on.
    template <class V, int N, int Outputs>
    TZERO_HD V value(step_coeffs<Chain> const& k, V x, element<V, N, Outputs> const& e, int first_slot) const {
        return evaluate<0, Chain::size>(chain, k, x, e.g, e.p, e.state.at + first_slot, static_cast<V const*>(nullptr),
                                        e.at);
    }
    constexpr void validate() const { chain.validate(); }
};
template <module_or_chain C>
branch(C) -> branch<as_chain_t<C>>;

namespace detail {
template <class T>
inline constexpr bool is_branch = false;
template <class C>
inline constexpr bool is_branch<branch<C>> = true;
}  // namespace detail

/// What a binary module's operand may be: a number, or a branch of elementwise modules.
template <class O>
concept operand = std::same_as<O, double> || detail::is_branch<O>;

namespace detail {
template <class A, bool = std::is_arithmetic_v<A>>
struct operand_of {
    using type = double;
};
template <class A>
struct operand_of<A, false> {
    using type = branch<as_chain_t<A>>;
};
}  // namespace detail

/// The operand type a constructor argument makes: a number → `double`, a module or chain → a branch.
template <class A>
using operand_t = typename detail::operand_of<std::remove_cvref_t<A>>::type;

/// State slots an operand keeps.
template <operand O>
inline constexpr int operand_slots = [] {
    if constexpr (detail::is_branch<O>) return O::state_slots;
    else return 0;
}();

/// An operand's per-step scalars: none for a number, its chain's for a branch.
template <operand O>
auto operand_per_step(O const& o, long t) {
    if constexpr (detail::is_branch<O>) return o.per_step(t);
    else return no_coeffs{};
}
template <operand O>
using operand_coeffs = decltype(operand_per_step(std::declval<O const&>(), 1L));

/// The operand's value for the element whose update entering the module is `u`: the number, or
/// the branch applied to `u` with its state at slot `first_slot` of the module's.
template <class V, int N, int Outputs, operand O>
TZERO_HD V operand_value(O const& o, operand_coeffs<O> const& k, V u, element<V, N, Outputs> const& e,
                         int first_slot = 0) {
    if constexpr (detail::is_branch<O>) return o.value(k, u, e, first_slot);
    else return V(o);
}

/// An inner chain a module may hold on top of its own math (torchzero's `inner`, `exp_avg_tfm`,
/// `exp_avg_sq_tfm`, ...): a branch, or `no_inner` (core/module.hpp) when there is none, which
/// passes its value through, keeps no state and is not printed or saved. The module keeps the
/// branch's slots after its own, lists it as a hyperparameter, and sets it with a
/// `with_<name>(chain)` member that returns the module with that branch:
///
///     adam().with_exp_avg_tfm(clip_value(1))        m̂ = clip(m) before debiasing
///     rmsprop().with_inner(sign())                  sign(u) / (√v + ε)
template <class O>
concept inner_operand = std::same_as<O, no_inner> || detail::is_branch<O>;

/// The branch that `with_<name>(c)` stores for a module or chain `c`.
template <module_or_chain C>
using inner_t = branch<as_chain_t<C>>;

/// An inner chain's state slots and per-step scalars (none for `no_inner`), for a module that
/// computes its own per-step scalars too (without one, `value_of` reads its inner chains).
template <inner_operand O>
inline constexpr int inner_slots = O::state_slots;
template <inner_operand O>
auto inner_per_step(O const& o, long t) {
    return o.per_step(t);
}
template <inner_operand O>
using inner_coeffs = decltype(inner_per_step(std::declval<O const&>(), 1L));

/// The inner chain applied to `x`, its state at slot `first_slot` of the module's; `x` itself
/// for `no_inner`.
template <class V, int N, int Outputs, inner_operand O>
TZERO_HD V inner_value(O const& o, inner_coeffs<O> const& k, V x, element<V, N, Outputs> const& e, int first_slot) {
    return o.value(k, x, e, first_slot);
}

/// The default of an operand the user must give: NaN for a number (so `validate` asks for one),
/// the default chain for a branch.
template <operand O>
inline constexpr O required_operand = [] {
    if constexpr (detail::is_branch<O>) return O{};
    else return std::numeric_limits<double>::quiet_NaN();
}();

/// Checks a number operand, which must be finite (`message` reads "tzero: <module>: <name> must
/// be a finite number ..."); a branch's modules are checked with the module (`validate(m)`).
template <operand O>
constexpr void validate_operand(O const& o, char const* message) {
    if constexpr (!detail::is_branch<O>) detail::check(o - o == 0, message, o);
}

/// Several operands of one module, in order (torchzero's `*inputs`): numbers and branches. A
/// trivially copyable aggregate, so a module holding one stays trivially copyable.
template <operand... Os>
struct operands {
    boost::hana::basic_tuple<Os...> values;

    /// Number of operands, and how many of them are branches.
    static constexpr std::size_t size = sizeof...(Os);
    static constexpr std::size_t branches = (std::size_t(detail::is_branch<Os>) + ... + 0);
    /// State slots of all operands, operand I's from `first_slot[I]` (the total at `size`).
    static constexpr int state_slots = (operand_slots<Os> + ... + 0);
    static constexpr std::array<int, size + 1> first_slot = [] {
        constexpr int slots[] = {operand_slots<Os>..., 0};
        std::array<int, size + 1> o{};
        for (std::size_t i = 0; i < size; ++i) o[i + 1] = o[i] + slots[i];
        return o;
    }();
    /// Does any operand read the parameter / the raw gradient?
    static constexpr bool uses_param = (detail::held_uses_param<Os> || ... || false);
    static constexpr bool uses_grad = (detail::held_uses_grad<Os> || ... || false);
    /// Operand indices with the branches first, then the numbers, each in order: torchzero's
    /// reduce modules sort number operands last before folding.
    static constexpr std::array<std::size_t, size> branches_first = [] {
        constexpr bool branch[] = {detail::is_branch<Os>..., false};
        std::array<std::size_t, size> order{};
        std::size_t n = 0;
        for (int pass = 0; pass < 2; ++pass)
            for (std::size_t i = 0; i < size; ++i)
                if (branch[i] == (pass == 0)) order[n++] = i;
        return order;
    }();

    /// Operand I (a `double` or a `branch`).
    template <std::size_t I>
    constexpr auto& get() {
        return boost::hana::at_c<I>(values);
    }
    template <std::size_t I>
    constexpr auto const& get() const {
        return boost::hana::at_c<I>(values);
    }
    /// Is operand I a branch (or a number)?
    template <std::size_t I>
    static constexpr bool holds_branch = detail::is_branch<std::tuple_element_t<I, std::tuple<Os...>>>;

    /// Every operand's per-step scalars.
    using coeffs = boost::hana::basic_tuple<operand_coeffs<Os>...>;
    /// ... at step `t`, or at step `t[I]` for operand I (a branch that runs only on some steps
    /// counts its own steps, as a torchzero module does).
    coeffs per_step(long t) const {
        std::array<long, size> each{};
        each.fill(t);
        return per_step(each);
    }
    coeffs per_step(std::array<long, size> const& t) const {
        return [&]<std::size_t... I>(std::index_sequence<I...>) {
            return boost::hana::make_basic_tuple(operand_per_step(get<I>(), t[I])...);
        }(std::index_sequence_for<Os...>{});
    }

    /// Operand I's value for the element whose update entering the module is `u`.
    template <std::size_t I, class V, int N>
    TZERO_HD V value(coeffs const& k, V u, element<V, N> const& e) const {
        return operand_value(get<I>(), boost::hana::at_c<I>(k), u, e, first_slot[I]);
    }
    /// `f(...f(f(start(x₀, i₀), x₁, i₁), x₂, i₂)..., xₙ, iₙ)` over the operands' values x in
    /// `branches_first` order (x₀ is a branch's), `i` an `std::integral_constant` naming the
    /// operand; `start` is the identity when not given.
    template <class V, int N, class F, class S>
    TZERO_HD V fold(coeffs const& k, V u, element<V, N> const& e, F const& f, S const& start) const {
        return [&]<std::size_t... J>(std::index_sequence<J...>) {
            constexpr std::size_t first = branches_first[0];
            V acc = start(value<first>(k, u, e), std::integral_constant<std::size_t, first>{});
            ((acc = f(acc, value<branches_first[J + 1]>(k, u, e),
                      std::integral_constant<std::size_t, branches_first[J + 1]>{})),
             ...);
            return acc;
        }(std::make_index_sequence<size - 1>{});
    }
    template <class V, int N, class F>
    TZERO_HD V fold(coeffs const& k, V u, element<V, N> const& e, F const& f) const {
        return fold(k, u, e, f, [](V x, auto) { return x; });
    }
    /// The value of operand `i` alone (`i` is uniform across elements: computed on the host); the
    /// other operands are not evaluated and their state is untouched. `u` when `i` is out of range.
    template <class V, int N>
    TZERO_HD V select(std::size_t i, coeffs const& k, V u, element<V, N> const& e) const {
        V r = u;
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            ((i == I ? (r = value<I>(k, u, e), 0) : 0), ...);
        }(std::index_sequence_for<Os...>{});
        return r;
    }

    /// Checks every number operand (`message` when one is not finite, see `validate_operand`).
    constexpr void validate(char const* message) const {
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (validate_operand(get<I>(), message), ...);
        }(std::index_sequence_for<Os...>{});
    }
};

/// The pack of `as`: each number a `double`, each module or chain a branch.
template <class... As>
constexpr operands<operand_t<As>...> make_operands(As const&... as) {
    return {boost::hana::make_basic_tuple(operand_t<As>(as)...)};
}

namespace detail {
template <class T>
inline constexpr bool is_operands = false;
template <class... Os>
inline constexpr bool is_operands<operands<Os...>> = true;
}  // namespace detail

}  // namespace tzero

// A pack reads as a tuple (`std::tuple_size`, `get<I>`): describe and checkpoints walk it so.
template <class... Os>
struct std::tuple_size<tzero::operands<Os...>> : std::integral_constant<std::size_t, sizeof...(Os)> {};
template <std::size_t I, class... Os>
struct std::tuple_element<I, tzero::operands<Os...>> : std::tuple_element<I, std::tuple<Os...>> {};
