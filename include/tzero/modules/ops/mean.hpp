/// @file tzero/modules/ops/mean.hpp
/// Mean: the mean of several operands, each a number or what a chain of modules makes of the update.
///  u ← (x₁ + x₂ + ... + xₙ) / n    (xᵢ a number, or chain i applied to the update entering `mean`)
/// The incoming update is only the chains' input, as in torchzero: `mean(adam(), sign(), 1.0)` is
/// (adam(u) + sign(u) + 1) / 3.
/// The chains (branches, core/branch.hpp) keep their state in this module's slots and are inlined
/// into the same pass. Values are added chains first, then numbers, each in the order given (torchzero sorts number
/// operands last), then divided by the number of operands, numbers included.
/// Matches torchzero `tz.m.Mean(*inputs)` (modules/ops/reduce.py); it needs at least one chain.
/// kind: elementwise. state: the chains', in order.
#pragma once
#include <tzero/modules/detail/fold_operands.hpp>

namespace tzero {

template <operand... Os>
struct mean : detail::fold_operands<mean<Os...>, Os...> {
    static_assert(operands<Os...>::branches > 0,
                  "tzero: mean: at least one operand must be a module or a chain "
                  "(write mean(adam(), sign(), 1.0))");
    using detail::fold_operands<mean<Os...>, Os...>::fold_operands;
    static constexpr char const* name = "mean";
    static constexpr char const* bad_number = "tzero: mean: a number operand must be finite";
    template <class V>
    static TZERO_HD V combine(V a, V b) {
        return a + b;
    }
    template <class V>
    static TZERO_HD V finish(V x, std::size_t n) {
        return x / V(double(n));
    }
};
template <class... As>
mean(As...) -> mean<operand_t<As>...>;

}  // namespace tzero
