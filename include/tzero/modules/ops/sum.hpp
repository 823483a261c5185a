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
#include <tzero/modules/detail/fold_operands.hpp>

namespace tzero {

template <operand... Os>
struct sum : detail::fold_operands<sum<Os...>, Os...> {
    static_assert(operands<Os...>::branches > 0,
                  "tzero: sum: at least one operand must be a module or a chain (write sum(adam(), sign(), 1.0))");
    using detail::fold_operands<sum<Os...>, Os...>::fold_operands;
    static constexpr char const* name = "sum";
    static constexpr char const* bad_number = "tzero: sum: a number operand must be finite";
    template <class V>
    static TZERO_HD V combine(V a, V b) {
        return a + b;
    }
};
template <class... As>
sum(As...) -> sum<operand_t<As>...>;

}  // namespace tzero
