/// @file tzero/modules/step_size/adgd.hpp
/// AdGD: a step size that grows geometrically while a local estimate of the gradient's Lipschitz
/// constant allows it (Malitsky & Mishchenko 2023, "Adaptive proximal gradient method for convex
/// optimization", arXiv:2308.02261).
///   c = the raw gradient g (use_grad) or the update u;  k = this module's own step count
///   k = 0:  α ← alpha_0 (NaN, torchzero's None: e(c) with 1e-7),  θ ← 0 (variant 1) or 1/3 (variant 2)
///   k > 0:  L = ‖c − prev_c‖ / ‖p − prev_p‖,  ε = 2·tiny of the parameters' type
///     variant 1: a₁ = √(1 + θ)·α,    a₂ = 1/(v·L) if L > ε else ∞   (v = √2 with sqrt, else 2)
///     variant 2: a₁ = √(2/3 + θ)·α,  a₂ = α / √max(ε, 2α²L² − 1)
///     α' = min(a₁, a₂) (max if that is negative);  if α' > ε: θ ← α'/α, α ← α'
///   prev_p ← p,  prev_c ← c;   u ← α·u if α is acceptable, else u ← e(u)·u and k, α, θ start over
/// Acceptable and e(x) (torchzero's `epsilon_step_size(x, alpha_0)`, from max|x|) as in
/// barzilai_borwein (tzero/modules/step_size/barzilai_borwein.hpp). With alpha_0 NaN the fallback
/// e(u) takes 1e-7 for alpha_0 (torchzero passes None there, a TypeError: docs/modules.md).
/// Matches torchzero `tz.m.AdGD(variant=2, alpha_0=1e-7, sqrt=True, use_grad=True)`
/// (modules/step_size/adaptive.py); `alpha_0=None` is `alpha_0 = NaN`.
/// torchzero's `inner` is an inner chain run on the update u entering the module, as in
/// barzilai_borwein: c (use_grad = false), e(c) and prev_c are still u's, and u ← α·inner(u), or
/// e(inner(u))·inner(u): `adgd().with_inner(sign())`. Not supported: `reset_for_online`.
/// kind: reduce (global; the 4 sums barzilai_borwein folds, sᵀy unused, and 2 maxima: max|c| and
/// max|u|), 3 persistent scalars (α, θ, k). state: 2 slots (prev_p, prev_c), then the inner
/// chain's. reads: the parameters and the raw gradient.
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/modules/detail/barzilai_borwein.hpp>

namespace tzero {

/// AdGD behind `adgd`, with its inner chain (`with_inner`).
template <inner_operand Inner = no_inner>
struct basic_adgd {
    int variant = 2;        ///< 1 (AdGD) or 2 (AdGD-2)
    double alpha_0 = 1e-7;  ///< the first step size (NaN: from max|c|, torchzero's None), and the fallback's
    bool sqrt = true;       ///< variant 1: a₂ = 1/(√2·L) rather than 1/(2L)
    bool use_grad = true;   ///< differences of the raw gradient (true) or of the update
    Inner inner{};          ///< run on the update before it is scaled (`with_inner`)

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr int own_slots = 2;  // prev_p, prev_c
    static constexpr int state_slots = state_slots_of<basic_adgd>;
    static constexpr int reduce_terms = detail::bb_terms + 1;
    static constexpr int max_c = detail::bb_terms - 1;  // where max|c| is, before max|u|
    static constexpr int reduce_maxima = 2;             // max|c|, max|u|
    static constexpr int reduce_slots = 3;              // α, θ, k
    static constexpr bool uses_param = true;
    static constexpr bool uses_grad = true;  // use_grad is a runtime choice
    static constexpr char const* name = "adgd";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"variant", &basic_adgd::variant}, field{"alpha_0", &basic_adgd::alpha_0},
                          field{"sqrt", &basic_adgd::sqrt}, field{"use_grad", &basic_adgd::use_grad},
                          field{"inner", &basic_adgd::inner}};
    }

    /// This module with `c` run on the update before it is scaled (torchzero's `inner`).
    template <module_or_chain C>
    constexpr auto with_inner(C const& c) const {
        return basic_adgd<inner_t<C>>{variant, alpha_0, sqrt, use_grad, c};
    }

    constexpr void validate() const {
        detail::check(variant == 1 || variant == 2, "tzero: adgd: variant must be 1 or 2 (write adgd{.variant = 2})",
                      double(variant));
        detail::check(alpha_0 != alpha_0 || (alpha_0 > 0 && alpha_0 - alpha_0 == 0),
                      "tzero: adgd: alpha_0 must be a finite number > 0, or NaN for torchzero's None (write 1e-7)",
                      alpha_0);
    }

    /// The differences and max|c| of c (the update entering the module, or g), and max|inner(u)|.
    template <class V, int N>
    TZERO_HD terms<V, reduce_terms> reduce_term(V u, element<V, N> e, auto const& k) const {
        auto t = detail::bb_reduce_terms<1>(*this, u, e, k);
        t[max_c] = math::abs(use_grad ? e.g : u);
        return t;
    }
    /// The step size: α when acceptable, else the fallback (and AdGD starts over).
    TZERO_HD double finalize(reduction<reduce_terms, 3> r) const {
        detail::finfo const f = detail::finfo_from(r.sum[detail::bb_size], r.count);
        double& alpha = r.state[0];
        double& theta = r.state[1];
        double& k = r.state[2];
        double const fallback_alpha_0 = alpha_0 == alpha_0 ? alpha_0 : 1e-7;
        if (k == 0) {
            alpha = alpha_0 == alpha_0 ? alpha_0 : detail::epsilon_step_size(r.sum[max_c], 1e-7);
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
            double next = a2 < a1 ? a2 : a1;         // Python's min(a1, a2)
            if (next < 0) next = a2 > a1 ? a2 : a1;  // Python's max(a1, a2)
            if (next > eps) {
                theta = next / alpha;
                alpha = next;
            }
        }
        k += 1;
        if (detail::acceptable_alpha(alpha, f)) return alpha;
        alpha = theta = k = 0;  // torchzero clears its state: the next step is a first step
        return detail::epsilon_step_size(r.sum[reduce_terms - 1], fallback_alpha_0);
    }
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, auto const& k) const {
        return detail::bb_store_and_scale(*this, u, e, k);
    }
};

using adgd = basic_adgd<>;

}  // namespace tzero
