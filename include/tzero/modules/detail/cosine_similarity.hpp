/// @file tzero/modules/detail/cosine_similarity.hpp
/// The cosine similarity of two vectors from three sums, as torchzero computes it:
///   cos = x·y / max(‖x‖·‖y‖, eps)
/// (scale_by_grad_cosine_similarity, scale_modules_by_cosine_similarity).
#pragma once
#include <tzero/core/config.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero::detail {

/// One element's share of x·y, ‖x‖² and ‖y‖².
template <class V>
TZERO_HD terms<V, 3> cosine_terms(V x, V y) {
    return {{x * y, x * x, y * y}};
}

/// x·y / max(‖x‖·‖y‖, eps) from the sums of `cosine_terms`.
TZERO_HD double cosine_of(double const* sum, double eps) {
    double const norms = math::sqrt(sum[1]) * math::sqrt(sum[2]);
    return sum[0] / (norms > eps ? norms : eps);
}

}  // namespace tzero::detail
