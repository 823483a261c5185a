/// @file tzero/modules/momentum/scale_by_grad_cosine_similarity.hpp
/// ScaleByGradCosineSimilarity: the update times its cosine similarity with the raw gradient.
///   c = u·g / max(‖u‖·‖g‖, eps)          (dot product and norms over ALL parameters)
///   u ← u · c
/// An update that points away from the gradient is negated, one at right angles vanishes.
/// Matches torchzero `tz.m.ScaleByGradCosineSimilarity(eps=1e-6)` (modules/momentum/cautious.py).
/// kind: reduce (global; three sums: u·g, ‖u‖², ‖g‖²). state: none. reads: the raw gradient.
#pragma once
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/modules/detail/cosine_similarity.hpp>

namespace tzero {

struct scale_by_grad_cosine_similarity {
    double eps = 1e-6;  ///< floor of ‖u‖·‖g‖

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr int state_slots = 0;
    static constexpr int reduce_terms = 3;  // x·y, ‖x‖², ‖y‖²
    static constexpr bool uses_grad = true;
    static constexpr char const* name = "scale_by_grad_cosine_similarity";
    static constexpr auto hyperparameters() { return std::tuple{field{"eps", &scale_by_grad_cosine_similarity::eps}}; }

    constexpr void validate() const {
        detail::check(eps > 0, "tzero: scale_by_grad_cosine_similarity: eps must be > 0 (write eps = 1e-6)", eps);
    }
    template <class V>
    TZERO_HD terms<V, 3> reduce_term(V u, element<V, 0> e, no_coeffs) const {
        return detail::cosine_terms(u, e.g);
    }
    TZERO_HD double finalize(reduction<3> r) const { return detail::cosine_of(r.sum, eps); }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0> e, no_coeffs) const {
        return u * e.reduced;
    }
};

}  // namespace tzero
