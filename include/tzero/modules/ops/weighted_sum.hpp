/// @file tzero/modules/ops/weighted_sum.hpp
/// WeightedSum: the weighted sum of several operands, each a number or what a
/// chain of modules makes of the update.
///   u ← w₁·x₁ + w₂·x₂ + ... + wₙ·xₙ        (xᵢ a number, or chain i applied to the update)
/// One weight per operand, in the operands' order: `weighted_sum({0.3, 0.7}, adam(), sign())` or
/// `weighted_sum(std::array{0.3, 0.7}, adam(), sign())` is 0.3·adam(u) + 0.7·sign(u); a wrong count
/// does not compile. The incoming update is only the chains' input. The chains (branches,
/// core/branch.hpp) keep their state in this module's slots and are inlined into the same pass.
/// Terms are added chains first, then numbers (a number's term w·x formed once in double).
/// Matches torchzero `tz.m.WeightedSum(*inputs, weights)` (modules/ops/reduce.py).
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
namespace detail {
/// weighted_sum and weighted_mean (which divides by the operand count): one fold, two names.
template <bool Mean, operand... Os>
struct basic_weighted_sum {
    static_assert(operands<Os...>::branches > 0 || Mean,
                  "tzero: weighted_sum: at least one operand must be a module or a chain "
                  "(write weighted_sum({0.3, 0.7}, adam(), sign()))");
    static_assert(operands<Os...>::branches > 0 || !Mean,
                  "tzero: weighted_mean: at least one operand must be a module or a chain "
                  "(write weighted_mean({0.3, 0.7}, adam(), sign()))");
    operands<Os...> inputs;
    std::array<double, sizeof...(Os)> weights{};  ///< weights[i] multiplies operand i

    constexpr basic_weighted_sum() = default;
    template <std::size_t K>
    constexpr basic_weighted_sum(std::array<double, K> const& w, Os const&... os)
        : inputs{boost::hana::make_basic_tuple(os...)} {
        static_assert(K == sizeof...(Os) || Mean,
                      "tzero: weighted_sum: give one weight per operand "
                      "(write weighted_sum({0.3, 0.7}, adam(), sign()))");
        static_assert(K == sizeof...(Os) || !Mean,
                      "tzero: weighted_mean: give one weight per operand "
                      "(write weighted_mean({0.3, 0.7}, adam(), sign()))");
        for (std::size_t i = 0; i < K && i < sizeof...(Os); ++i) weights[i] = w[i];
    }
    template <std::size_t K>
    constexpr basic_weighted_sum(double const (&w)[K], Os const&... os) : basic_weighted_sum(std::to_array(w), os...) {}

    using kind = elementwise;
    static constexpr int state_slots = state_slots_of<basic_weighted_sum>;
    static constexpr char const* name = Mean ? "weighted_mean" : "weighted_sum";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"inputs", &basic_weighted_sum::inputs}, field{"weights", &basic_weighted_sum::weights}};
    }

    constexpr void validate() const {
        inputs.validate(Mean ? "tzero: weighted_mean: a number operand must be finite"
                             : "tzero: weighted_sum: a number operand must be finite");
        for (double w : weights)
            detail::check(w - w == 0,
                          Mean ? "tzero: weighted_mean: weights must be finite numbers"
                               : "tzero: weighted_sum: weights must be finite numbers",
                          w);
    }
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, auto const& k) const {
        V const s = inputs.fold(
            k, u, e,
            [&](V a, V x, auto i) {
                if constexpr (operands<Os...>::template holds_branch<i>) return a + V(weights[i]) * x;
                else return a + V(inputs.template get<i>() * weights[i]);
            },
            [&](V x, auto i) { return x * V(weights[i]); });
        if constexpr (Mean) return s / V(double(sizeof...(Os)));
        else return s;
    }
};
}  // namespace detail

template <operand... Os>
struct weighted_sum : detail::basic_weighted_sum<false, Os...> {
    using detail::basic_weighted_sum<false, Os...>::basic_weighted_sum;
};
template <std::size_t K, class... As>
weighted_sum(std::array<double, K>, As...) -> weighted_sum<operand_t<As>...>;
template <std::size_t K, class... As>
weighted_sum(double const (&)[K], As...) -> weighted_sum<operand_t<As>...>;

}  // namespace tzero
