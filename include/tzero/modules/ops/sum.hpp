/// @file tzero/modules/ops/sum.hpp
/// Sum: the sum of several operands, each a number or what a chain of modules makes of the update.
///   u ← x₁ + x₂ + ... + xₙ        (xᵢ a number, or chain i applied to the update entering `sum`)
/// The incoming update is only the chains' input, as in torchzero: `sum(adam(), sign(), 1.0)` is
/// adam(u) + sign(u) + 1. The chains (branches, core/branch.hpp) keep their state in `sum`'s slots
/// and are inlined into the same pass. Values are added chains first, then numbers, each in the
/// order given (torchzero sorts number operands last).
/// Matches torchzero `tz.m.Sum(*inputs)` (modules/ops/reduce.py); it needs at least one chain.
/// kind: elementwise. state: the chains', in order.
#pragma once
#include <tuple>

#include <boost/hana/basic_tuple.hpp>

#include <tzero/core/branch.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

template <operand... Os>
struct sum {
    static_assert(operands<Os...>::branches > 0,
                  "tzero: sum: at least one operand must be a module or a chain (write sum(adam(), sign(), 1.0))");
    operands<Os...> inputs;

    constexpr sum() = default;
    constexpr sum(Os const&... os) : inputs{boost::hana::make_basic_tuple(os...)} {}

    using kind = elementwise;
    static constexpr int state_slots = operands<Os...>::state_slots;
    static constexpr bool uses_param = operands<Os...>::uses_param;
    static constexpr bool uses_grad = operands<Os...>::uses_grad;
    static constexpr char const* name = "sum";
    static constexpr auto hyperparameters() { return std::tuple{field{"inputs", &sum::inputs}}; }

    constexpr void validate() const { inputs.validate("tzero: sum: a number operand must be finite"); }
    typename operands<Os...>::coeffs per_step(long t) const { return inputs.per_step(t); }
    template <class V>
    TZERO_HD V apply(V u, element<V, state_slots> e, typename operands<Os...>::coeffs const& k) const {
        return inputs.fold(k, u, e, [](V a, V x, auto) { return a + x; });
    }
};
template <class... As>
sum(As...) -> sum<operand_t<As>...>;

}  // namespace tzero
