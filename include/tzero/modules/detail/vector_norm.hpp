/// @file tzero/modules/detail/vector_norm.hpp
/// The p-norm a reduce module takes of a tensor or of all tensors, as torch.linalg.vector_norm
/// for any order p, from two reduce terms per element:
///   a sum of |x|ᵖ (x² for p = 2, |x| for p = 1, [x ≠ 0] for p = 0), whose 1/p-th power is the
///   norm (for p = 0 the sum itself, the count of nonzeros), and
///   a maximum (the module's `reduce_maxima`) of |x| for p = +∞, of −|x| for p = −∞ (the
///   smallest |x| is minus the largest −|x|).
/// Each term is 0 where the other one carries the norm. Shared by clip_norm, normalize, graft, the
/// EMA and growth clips and multiply_by_module_norm.
#pragma once
#include <tzero/core/config.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero::detail {

/// The element's share of the sum of a p-norm (0 for p = ±∞). The branches are on a
/// hyperparameter, uniform across lanes.
template <class V>
TZERO_HD V norm_sum_term(V x, double ord) {
    if (ord == 2) return x * x;
    if (ord == 1) return math::abs(x);
    if (ord == 0) return math::mask<V>(x != V(0));
    if (ord - ord != 0) return V(0);
    return math::power(math::abs(x), ord);
}

/// The element's share of the maximum of a p-norm: |x| for p = +∞, −|x| for p = −∞, else 0.
template <class V>
TZERO_HD V norm_max_term(V x, double ord) {
    if (ord - ord == 0) return V(0);
    return ord > 0 ? math::abs(x) : -math::abs(x);
}

/// Both terms of one norm, for a module whose only reduction is that norm
/// (`reduce_terms = 2, reduce_maxima = 1`).
template <class V>
TZERO_HD terms<V, 2> norm_terms(V x, double ord) {
    return {{norm_sum_term(x, ord), norm_max_term(x, ord)}};
}

/// The p-norm from the folded terms: the sum and the maximum (−∞ when there were no elements,
/// whose ∞-norm is 0). A NaN element gives a NaN norm.
TZERO_HD double norm_of(double sum, double max, double ord) {
    if (ord - ord == 0) return ord == 0 ? sum : math::power(sum, 1 / ord);
    if (ord < 0) return -max;
    return max == -__builtin_inf() ? 0 : max;
}

/// Checks a norm order: any number but NaN, ±∞ included (`message` names the module).
constexpr void check_norm_order(double ord, char const* message) { check(ord == ord, message, ord); }

}  // namespace tzero::detail
