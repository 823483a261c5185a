/// @file tzero/modules/ops/maximum_modules.hpp
/// MaximumModules: the elementwise maximum of several operands, each a number or a chain's output.
///  u ← max(x₁, x₂, ..., xₙ)      (NaN if any is NaN, as torch.maximum)
/// The incoming update is only the chains' input, as in torchzero:
/// `maximum_modules(adam(), sign(), 0.0)` is max(adam(u), sign(u), 0).
/// The chains (branches, core/branch.hpp) keep their state in this module's slots and are inlined
/// into the same pass. Values are compared chains first, then numbers (torchzero sorts number operands last).
/// Matches torchzero `tz.m.MaximumModules(*inputs)` (modules/ops/reduce.py); it needs at least one chain.
/// kind: elementwise. state: the chains', in order.
#pragma once
#include <tzero/modules/detail/fold_operands.hpp>

namespace tzero {

template <operand... Os>
struct maximum_modules : detail::fold_operands<maximum_modules<Os...>, Os...> {
    static_assert(operands<Os...>::branches > 0,
                  "tzero: maximum_modules: at least one operand must be a module or a chain "
                  "(write maximum_modules(adam(), sign(), 1.0))");
    using detail::fold_operands<maximum_modules<Os...>, Os...>::fold_operands;
    static constexpr char const* name = "maximum_modules";
    static constexpr char const* bad_number = "tzero: maximum_modules: a number operand must be finite";
    template <class V>
    static TZERO_HD V combine(V a, V b) {
        return math::max(a, b);
    }
};
template <class... As>
maximum_modules(As...) -> maximum_modules<operand_t<As>...>;

}  // namespace tzero
