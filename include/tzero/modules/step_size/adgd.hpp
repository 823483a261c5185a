/// @file tzero/modules/step_size/adgd.hpp
/// AdGD: a step size that grows geometrically while a local estimate of the gradient's Lipschitz
/// constant allows it (Malitsky & Mishchenko 2023, "Adaptive proximal gradient method for convex
/// optimization", arXiv:2308.02261).
///   c = the raw gradient g (use_grad) or the update u;  k = this module's own step count
///   k = 0:  α ← alpha_0,  θ ← 0 (variant 1) or 1/3 (variant 2)
///   k > 0:  L = ‖c − prev_c‖ / ‖p − prev_p‖,  ε = 2·tiny of the parameters' type
///     variant 1: a₁ = √(1 + θ)·α,    a₂ = 1/(v·L) if L > ε else ∞   (v = √2 with sqrt, else 2)
///     variant 2: a₁ = √(2/3 + θ)·α,  a₂ = α / √max(ε, 2α²L² − 1)
///     α' = min(a₁, a₂) (max if that is negative);  if α' > ε: θ ← α'/α, α ← α'
///   prev_p ← p,  prev_c ← c;   u ← α·u if α is acceptable, else u ← e(u)·u and k, α, θ start over
/// Acceptable and e(u) (torchzero's `epsilon_step_size`) as in barzilai_borwein
/// (tzero/modules/step_size/barzilai_borwein.hpp), including its divergence (‖u‖₂ for max|u| when
/// 1 > max|u| ≥ alpha_0).
/// Matches torchzero `tz.m.AdGD(variant=2, alpha_0=1e-7, sqrt=True, use_grad=True)`
/// (modules/step_size/adaptive.py). torchzero's `alpha_0=None` (the first step size from
/// epsilon_step_size of the gradient) is not supported: alpha_0 must be > 0. Not supported either:
/// `inner` and `reset_for_online`.
/// kind: reduce (global; the 7 sums barzilai_borwein's takes, sᵀy unused), 3 persistent scalars
/// (α, θ, k). state: 2 slots (prev_p, prev_c). reads: the parameters and the raw gradient.
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/modules/detail/barzilai_borwein.hpp>

namespace tzero {

struct adgd {
    int variant = 2;        ///< 1 (AdGD) or 2 (AdGD-2)
    double alpha_0 = 1e-7;  ///< the first step size, and the fallback's largest step
    bool sqrt = true;       ///< variant 1: a₂ = 1/(√2·L) rather than 1/(2L)
    bool use_grad = true;   ///< differences of the raw gradient (true) or of the update

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr int state_slots = 2;
    static constexpr int reduce_terms = detail::bb_terms;
    static constexpr int reduce_slots = 3;  // α, θ, k
    static constexpr bool uses_param = true;
    static constexpr bool uses_grad = true;  // use_grad is a runtime choice
    static constexpr char const* name = "adgd";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"variant", &adgd::variant}, field{"alpha_0", &adgd::alpha_0},
                          field{"sqrt", &adgd::sqrt}, field{"use_grad", &adgd::use_grad}};
    }

    constexpr void validate() const {
        detail::check(variant == 1 || variant == 2, "tzero: adgd: variant must be 1 or 2 (write adgd{.variant = 2})",
                      double(variant));
        detail::check(alpha_0 > 0 && alpha_0 - alpha_0 == 0,
                      "tzero: adgd: alpha_0 must be a finite number > 0 (write 1e-7)", alpha_0);
    }
    template <class V>
    TZERO_HD terms<V, detail::bb_terms> reduce_term(V u, element<V, 2> e, no_coeffs) const {
        return detail::bb_reduce_terms(u, e.p, use_grad ? e.g : u, e.state[0], e.state[1], alpha_0);
    }
    /// The step size: α when acceptable, else the fallback (and AdGD starts over).
    TZERO_HD double finalize(reduction<detail::bb_terms, 3> r) const {
        detail::finfo const f = detail::finfo_from(r.sum[6], r.count);
        double& alpha = r.state[0];
        double& theta = r.state[1];
        double& k = r.state[2];
        if (k == 0) {
            alpha = alpha_0;
            theta = variant == 1 ? 0.0 : 1.0 / 3;
        } else {
            double const L = math::sqrt(r.sum[1]) / math::sqrt(r.sum[2]);
            double const eps = 2 * f.tiny;
            double a1, a2;
            if (variant == 1) {
                a1 = math::sqrt(1 + theta) * alpha;
                a2 = L > eps ? 1 / ((sqrt ? math::sqrt(2.0) : 2.0) * L) : std::numeric_limits<double>::infinity();
            } else {
                a1 = math::sqrt(2.0 / 3 + theta) * alpha;
                double const x = 2 * alpha * alpha * L * L - 1;
                a2 = alpha / math::sqrt(x > eps ? x : eps);  // Python's max(eps, x): eps for a NaN x
            }
            double next = a2 < a1 ? a2 : a1;          // Python's min(a1, a2)
            if (next < 0) next = a2 > a1 ? a2 : a1;   // Python's max(a1, a2)
            if (next > eps) {
                theta = next / alpha;
                alpha = next;
            }
        }
        k += 1;
        if (detail::acceptable_alpha(alpha, f)) return alpha;
        alpha = theta = k = 0;  // torchzero clears its state: the next step is a first step
        return detail::epsilon_step_size(r.sum[3], r.sum[4], r.sum[5], alpha_0);
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 2> e, no_coeffs) const { return detail::bb_store_and_scale(u, e, use_grad); }
};

}  // namespace tzero
