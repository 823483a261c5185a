/// @file tzero/modules/detail/vector_norm.hpp
/// The p-norm a reduce module takes of a tensor or of all tensors, as torch.linalg.vector_norm
/// with a finite order p > 0: each element adds |x|ᵖ (x² for p = 2, |x| for p = 1), and the
/// sum's 1/p-th power is the norm. Shared by clip_norm, normalize, graft and the growth clips.
#pragma once
#include <tzero/core/config.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>

namespace tzero::detail {

/// The element's share of the sum whose 1/p-th power is the p-norm.
template <class V>
TZERO_HD V norm_term(V x, double ord) {
    return ord == 2 ? x * x : math::power(math::abs(x), ord);
}

/// The p-norm from the sum of `norm_term`s.
TZERO_HD double norm_of_sum(double sum, double ord) { return math::power(sum, 1 / ord); }

/// Checks a norm order: finite and positive (`module` names the module in the message).
constexpr void check_norm_order(double ord, char const* message) { check(ord > 0 && ord - ord == 0, message, ord); }

}  // namespace tzero::detail
