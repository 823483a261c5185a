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

#include <tzero/modules/ops/weighted_sum.hpp>

namespace tzero {

template <operand... Os>
struct weighted_mean : detail::basic_weighted_sum<true, Os...> {
    using detail::basic_weighted_sum<true, Os...>::basic_weighted_sum;
};
template <std::size_t K, class... As>
weighted_mean(std::array<double, K>, As...) -> weighted_mean<operand_t<As>...>;
template <std::size_t K, class... As>
weighted_mean(double const (&)[K], As...) -> weighted_mean<operand_t<As>...>;

}  // namespace tzero
