/// @file tzero/modules/adaptive/ortho_grad.hpp
/// OrthoGrad (⟂Grad, Prieto et al. 2025, "Grokking at the edge of numerical stability"): removes
/// the update's component along the parameters, over all parameters at once.
///   s = ⟨p, u⟩ / (⟨p, p⟩ + eps)
///   u⊥ = u − s·p
///   u ← u⊥ · ‖u‖ / ‖u⊥‖        (renormalize, the default: the update keeps its norm)
/// ‖u⊥‖² = ‖u‖² − 2s⟨p, u⟩ + s²⟨p, p⟩, so one pass sums ⟨p, u⟩, ⟨p, p⟩ and ⟨u, u⟩ (three reduce
/// terms) and `finalize` hands `apply` two values, s and the factor (core/reduction.hpp).
/// Matches torchzero `tz.m.OrthoGrad(eps=1e-8, renormalize=True)` (modules/adaptive/orthograd.py).
/// A zero update stays zero (torchzero: 0/0, NaN).
/// kind: reduce (global; three sums, two outputs). state: none. reads: the parameters.
#pragma once
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>

namespace tzero {

struct ortho_grad {
    double eps = 1e-8;        ///< added to ⟨p, p⟩
    bool renormalize = true;  ///< give u⊥ the norm of u

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr int reduce_terms = 3;    // ⟨p, u⟩, ⟨p, p⟩, ⟨u, u⟩
    static constexpr int reduce_outputs = 2;  // s, and the renormalizing factor
    static constexpr int state_slots = 0;
    static constexpr bool uses_param = true;
    static constexpr char const* name = "ortho_grad";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"eps", &ortho_grad::eps}, field{"renormalize", &ortho_grad::renormalize}};
    }

    constexpr void validate() const {
        detail::check(eps >= 0, "tzero: ortho_grad: eps must be >= 0 (write ortho_grad{.eps = 1e-8})", eps);
    }
    template <class V>
    TZERO_HD terms<V, 3> reduce_term(V u, element<V, 0, 2> e, no_coeffs) const {
        return {{e.p * u, e.p * e.p, u * u}};
    }
    TZERO_HD terms<double, 2> finalize(reduction<3> r) const {
        double const pu = r.sum[0], pp = r.sum[1], uu = r.sum[2];
        double const s = pu / (pp + eps);
        if (!renormalize) return {{s, 1}};
        double const perp = uu - 2 * s * pu + s * s * pp;  // ‖u − s·p‖²
        return {{s, perp > 0 ? math::sqrt(uu / perp) : 1}};
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0, 2> e, no_coeffs) const {
        return (u - e.reduced[0] * e.p) * e.reduced[1];
    }
};

}  // namespace tzero
