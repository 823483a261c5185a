/// @file tzero/modules/ops/weighted_mean.hpp
/// WeightedMean: a weighted sum divided by the operand count of several operands, each a number or what a
/// chain of modules makes of the update.
///   u ← (w₁·x₁ + w₂·x₂ + ... + wₙ·xₙ) / n        (xᵢ a number, or chain i applied to the update)
/// One weight per operand, in the operands' order: `weighted_mean({0.3, 0.7}, adam(), sign())` or
/// `weighted_mean(std::array{0.3, 0.7}, adam(), sign())` is (0.3·adam(u) + 0.7·sign(u)) / 2; a wrong count
/// does not compile. The incoming update is only the chains' input. The chains (branches,
/// core/branch.hpp) keep their state in this module's slots and are inlined into the same pass.
/// Terms are added chains first, then numbers (a number's term w·x formed once in double).
/// Matches torchzero `tz.m.WeightedMean(*inputs, weights)` (modules/ops/reduce.py); as there, the sum is divided
/// by the number of operands, not by the sum of the weights.
/// Divergence: torchzero sorts number operands after the chains but not the weights with them, so
/// a number given before a chain takes another operand's weight; here weight i always goes with
/// operand i (docs/modules.md).
/// kind: elementwise. state: the chains', in order.
#pragma once
#include <array>
#include <cstddef>
#include <tuple>

#include <boost/hana/basic_tuple.hpp>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

template <operand... Os>
struct weighted_mean {
    static_assert(operands<Os...>::branches > 0,
                  "tzero: weighted_mean: at least one operand must be a module or a chain "
                  "(write weighted_mean({0.3, 0.7}, adam(), sign()))");
    operands<Os...> inputs;
    std::array<double, sizeof...(Os)> weights{};  ///< weights[i] multiplies operand i

    constexpr weighted_mean() = default;
    template <std::size_t K>
    constexpr weighted_mean(std::array<double, K> const& w, Os const&... os)
        : inputs{boost::hana::make_basic_tuple(os...)} {
        static_assert(K == sizeof...(Os), "tzero: weighted_mean: give one weight per operand "
                                          "(write weighted_mean({0.3, 0.7}, adam(), sign()))");
        for (std::size_t i = 0; i < K && i < sizeof...(Os); ++i) weights[i] = w[i];
    }
    template <std::size_t K>
    constexpr weighted_mean(double const (&w)[K], Os const&... os) : weighted_mean(std::to_array(w), os...) {}

    using kind = elementwise;
    static constexpr int state_slots = operands<Os...>::state_slots;
    static constexpr bool uses_param = operands<Os...>::uses_param;
    static constexpr bool uses_grad = operands<Os...>::uses_grad;
    static constexpr char const* name = "weighted_mean";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"inputs", &weighted_mean::inputs}, field{"weights", &weighted_mean::weights}};
    }

    constexpr void validate() const {
        inputs.validate("tzero: weighted_mean: a number operand must be finite");
        for (double w : weights) detail::check(w - w == 0, "tzero: weighted_mean: weights must be finite numbers", w);
    }
    typename operands<Os...>::coeffs per_step(long t) const { return inputs.per_step(t); }
    template <class V>
    TZERO_HD V apply(V u, element<V, state_slots> e, typename operands<Os...>::coeffs const& k) const {
        V const s = inputs.fold(
            k, u, e,
            [&](V a, V x, auto i) {
                if constexpr (operands<Os...>::template holds_branch<i>) return a + V(weights[i]) * x;
                else return a + V(inputs.template get<i>() * weights[i]);
            },
            [&](V x, auto i) { return x * V(weights[i]); });
        return s / V(double(sizeof...(Os)));
    }
};
template <std::size_t K, class... As>
weighted_mean(std::array<double, K>, As...) -> weighted_mean<operand_t<As>...>;
template <std::size_t K, class... As>
weighted_mean(double const (&)[K], As...) -> weighted_mean<operand_t<As>...>;

}  // namespace tzero
