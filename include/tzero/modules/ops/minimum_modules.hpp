/// @file tzero/modules/ops/minimum_modules.hpp
/// MinimumModules: the elementwise minimum of several operands, each a number or a chain's output.
///  u ← min(x₁, x₂, ..., xₙ)      (NaN if any is NaN, as torch.minimum)
/// The incoming update is only the chains' input, as in torchzero:
/// `minimum_modules(adam(), sign(), 0.0)` is min(adam(u), sign(u), 0).
/// The chains (branches, core/branch.hpp) keep their state in this module's slots and are inlined
/// into the same pass. Values are compared chains first, then numbers (torchzero sorts number operands last).
/// Matches torchzero `tz.m.MinimumModules(*inputs)` (modules/ops/reduce.py); it needs at least one chain.
/// kind: elementwise. state: the chains', in order.
#pragma once
#include <tuple>

#include <boost/hana/basic_tuple.hpp>

#include <tzero/core/branch.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

template <operand... Os>
struct minimum_modules {
    static_assert(operands<Os...>::branches > 0,
                  "tzero: minimum_modules: at least one operand must be a module or a chain "
                  "(write minimum_modules(adam(), sign(), 1.0))");
    operands<Os...> inputs;

    constexpr minimum_modules() = default;
    constexpr minimum_modules(Os const&... os) : inputs{boost::hana::make_basic_tuple(os...)} {}

    using kind = elementwise;
    static constexpr int state_slots = operands<Os...>::state_slots;
    static constexpr bool uses_param = operands<Os...>::uses_param;
    static constexpr bool uses_grad = operands<Os...>::uses_grad;
    static constexpr char const* name = "minimum_modules";
    static constexpr auto hyperparameters() { return std::tuple{field{"inputs", &minimum_modules::inputs}}; }

    constexpr void validate() const { inputs.validate("tzero: minimum_modules: a number operand must be finite"); }
    typename operands<Os...>::coeffs per_step(long t) const { return inputs.per_step(t); }
    template <class V>
    TZERO_HD V apply(V u, element<V, state_slots> e, typename operands<Os...>::coeffs const& k) const {
        return inputs.fold(k, u, e, [](V a, V x, auto) { return math::min(a, x); });
    }
};
template <class... As>
minimum_modules(As...) -> minimum_modules<operand_t<As>...>;

}  // namespace tzero
