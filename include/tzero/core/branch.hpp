/// @file tzero/core/branch.hpp
/// `branch`: a chain inside a module, and `operand`: a number or a branch (torchzero's
/// `Chainable | float`).
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
///
/// A branch must be elementwise: a reduce module needs its own pass, so it belongs in the outer
/// chain (`static_assert`). A module with a branch operand declares
/// `state_slots = operand_slots<O>`, `per_step` returning `operand_per_step(other, t)`, and reads
/// the operand as `operand_value(other, k, u, e)`.
#pragma once
#include <concepts>
#include <limits>
#include <type_traits>

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

    using inner_chain = Chain;
    Chain chain;

    constexpr branch() = default;
    template <module_or_chain C>
        requires std::same_as<as_chain_t<C>, Chain>
    constexpr branch(C const& c) : chain(as_chain(c)) {}  // implicit: `add(adam())` reads naturally

    static constexpr int state_slots = plan_of<Chain>::state_slots;
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

/// Does an operand read the parameter / the raw gradient (for the traffic model)?
template <operand O>
inline constexpr bool operand_uses_param = [] {
    if constexpr (detail::is_branch<O>) {
        using P = plan_of<typename O::inner_chain>;
        return P::any_uses_param(0, P::modules);
    } else {
        return false;
    }
}();
template <operand O>
inline constexpr bool operand_uses_grad = [] {
    if constexpr (detail::is_branch<O>) {
        using P = plan_of<typename O::inner_chain>;
        return P::any_uses_grad(0, P::modules);
    } else {
        return false;
    }
}();

/// An operand's per-step scalars: none for a number, its chain's for a branch.
template <operand O>
auto operand_per_step(O const& o, long t) {
    if constexpr (detail::is_branch<O>) return per_step(o.chain, t);
    else return no_coeffs{};
}
template <operand O>
using operand_coeffs = decltype(operand_per_step(std::declval<O const&>(), 1L));

/// The operand's value for the element whose update entering the module is `u`: the number, or
/// the branch applied to `u` with its state at slot `first_slot` of the module's.
template <class V, int N, operand O>
TZERO_HD V operand_value(O const& o, operand_coeffs<O> const& k, V u, element<V, N> const& e, int first_slot = 0) {
    if constexpr (detail::is_branch<O>) {
        using C = typename O::inner_chain;
        return evaluate<0, C::size>(o.chain, k, u, e.g, e.p, e.state.at + first_slot, static_cast<V const*>(nullptr));
    } else {
        return V(o);
    }
}

/// The default of an operand the user must give: NaN for a number (so `validate` asks for one),
/// the default chain for a branch.
template <operand O>
inline constexpr O required_operand = [] {
    if constexpr (detail::is_branch<O>) return O{};
    else return std::numeric_limits<double>::quiet_NaN();
}();

/// Validates an operand: a branch's modules, or a number that must be finite (`message` reads
/// "tzero: <module>: <name> must be a finite number ...").
template <operand O>
constexpr void validate_operand(O const& o, char const* message) {
    if constexpr (detail::is_branch<O>) o.validate();
    else detail::check(o - o == 0, message, o);
}

}  // namespace tzero
