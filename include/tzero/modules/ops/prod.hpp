/// @file tzero/modules/ops/prod.hpp
/// Prod: the product of several operands, each a number or what a chain of modules makes of the update.
///  u ← x₁ · x₂ · ... · xₙ        (xᵢ a number, or chain i applied to the update entering `prod`)
/// The incoming update is only the chains' input, as in torchzero: `prod(adam(), sign(), 0.5)` is
/// adam(u)·sign(u)·0.5.
/// The chains (branches, core/branch.hpp) keep their state in this module's slots and are inlined
/// into the same pass. Values are multiplied chains first, then numbers, each in the order given (torchzero sorts
/// number operands last).
/// Matches torchzero `tz.m.Prod(*inputs)` (modules/ops/reduce.py); it needs at least one chain.
/// kind: elementwise. state: the chains', in order.
#pragma once
#include <tzero/modules/detail/fold_operands.hpp>

namespace tzero {

template <operand... Os>
struct prod : detail::fold_operands<prod<Os...>, Os...> {
    static_assert(operands<Os...>::branches > 0,
                  "tzero: prod: at least one operand must be a module or a chain "
                  "(write prod(adam(), sign(), 1.0))");
    using detail::fold_operands<prod<Os...>, Os...>::fold_operands;
    static constexpr char const* name = "prod";
    static constexpr char const* bad_number = "tzero: prod: a number operand must be finite";
    template <class V>
    static TZERO_HD V combine(V a, V b) {
        return a * b;
    }
};
template <class... As>
prod(As...) -> prod<operand_t<As>...>;

}  // namespace tzero
