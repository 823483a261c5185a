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
#include <tuple>

#include <boost/hana/basic_tuple.hpp>

#include <tzero/core/branch.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

template <operand... Os>
struct mean {
    static_assert(operands<Os...>::branches > 0, "tzero: mean: at least one operand must be a module or a chain "
                                                 "(write mean(adam(), sign(), 1.0))");
    operands<Os...> inputs;

    constexpr mean() = default;
    constexpr mean(Os const&... os) : inputs{boost::hana::make_basic_tuple(os...)} {}

    using kind = elementwise;
    static constexpr int state_slots = operands<Os...>::state_slots;
    static constexpr bool uses_param = operands<Os...>::uses_param;
    static constexpr bool uses_grad = operands<Os...>::uses_grad;
    static constexpr char const* name = "mean";
    static constexpr auto hyperparameters() { return std::tuple{field{"inputs", &mean::inputs}}; }

    constexpr void validate() const { inputs.validate("tzero: mean: a number operand must be finite"); }
    typename operands<Os...>::coeffs per_step(long t) const { return inputs.per_step(t); }
    template <class V>
    TZERO_HD V apply(V u, element<V, state_slots> e, typename operands<Os...>::coeffs const& k) const {
        return inputs.fold(k, u, e, [](V a, V x, auto) { return a + x; }) / V(double(sizeof...(Os)));
    }
};
template <class... As>
mean(As...) -> mean<operand_t<As>...>;

}  // namespace tzero
