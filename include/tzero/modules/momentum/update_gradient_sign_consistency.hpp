/// @file tzero/modules/momentum/update_gradient_sign_consistency.hpp
/// UpdateGradientSignConsistency: where the update agrees in sign with the raw gradient.
///   u ← [u·g > 0]                       (1 where the signs agree, 0 where not or either is 0)
///   `normalized`: u ← [u·g > 0] / max(mean([u·g > 0]), eps), the mean over ALL parameters
/// The mask cautious() multiplies by, as an update of its own (to scale a learning rate, say).
/// Matches torchzero `tz.m.UpdateGradientSignConsistency(normalize=False, eps=1e-6)`
/// (modules/momentum/cautious.py).
/// kind: elementwise, or reduce (global) when normalized. state: none. reads: the raw gradient.
#pragma once
#include <tuple>
#include <type_traits>

#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>
#include <tzero/modules/momentum/cautious.hpp>

namespace tzero {

template <class Normalize = unnormalized_t>
struct update_gradient_sign_consistency {
    Normalize normalize{};  ///< `normalized`: divide by the mask's mean over all parameters
    double eps = 1e-6;      ///< floor of that mean

    static constexpr bool is_normalized = std::is_same_v<Normalize, normalized_t>;
    using kind = std::conditional_t<is_normalized, reduce, elementwise>;
    using reduce_scope = global_t;
    static constexpr int state_slots = 0;
    static constexpr bool uses_grad = true;
    static constexpr char const* name = "update_gradient_sign_consistency";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"normalize", &update_gradient_sign_consistency::normalize},
                          field{"eps", &update_gradient_sign_consistency::eps}};
    }

    constexpr void validate() const {
        detail::check(eps > 0, "tzero: update_gradient_sign_consistency: eps must be > 0 (write eps = 1e-6)", eps);
    }
    template <class V>
    TZERO_HD V reduce_term(V u, element<V, 0> e, no_coeffs) const {
        return detail::same_sign(u, e.g);
    }
    TZERO_HD double finalize(double kept, double count) const { return detail::inverse_mean_floor(kept, count, eps); }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0> e, no_coeffs) const {
        V const keep = detail::same_sign(u, e.g);
        if constexpr (is_normalized) return keep * e.reduced;
        else return keep;
    }
};

}  // namespace tzero
