/// @file tzero/modules/step_size/barzilai_borwein.hpp
/// BarzilaiBorwein: multiplies the update by a step size from the last step's change in the
/// parameters and in the gradient (Barzilai & Borwein 1988).
///   c = the raw gradient g (use_grad) or the update u;   s = p − prev_p,  y = c − prev_c
///   short: α = sᵀy/yᵀy (yᵀy < ε: sᵀs/sᵀy, or none if sᵀy < ε too)
///   long:  α = sᵀs/sᵀy (sᵀy < ε: sᵀy/yᵀy, or none if yᵀy < ε too)
///   geom:  α = √(short·long), none if either is none; geom-fallback: whichever exists (in
///   torchzero short has none exactly when long has none, so geom-fallback gives what geom gives)
///   t > 1: α₀ ← α (none included);   u ← α₀·u if α₀ is acceptable, else u ← e(u)·u
///   prev_p ← p,  prev_c ← c
/// ε = 2·tiny of the parameters' type. Acceptable: 2·tiny ≤ α₀ ≤ max/2 of that type (torchzero's
/// `_acceptable_alpha`; on the first step there is no α₀). e(u) is torchzero's
/// `epsilon_step_size(u, alpha_0)`: 1 if max|u| < alpha_0, alpha_0 if max|u| ≥ 1, else
/// alpha_0/max|u| (max|u| is a maximum the same pass folds).
/// Matches torchzero `tz.m.BarzilaiBorwein(type="geom", alpha_0=1e-7, use_grad=True)`
/// (modules/step_size/adaptive.py). The type of the parameters (float or double) reaches
/// `finalize` as a reduce term, so tiny and max are the right ones for each.
/// torchzero's `inner` is an inner chain (core/branch.hpp, "inner chain") run on the update u
/// entering the module: c (use_grad = false) and prev_c are still u, and the step size multiplies
/// the chain's output, u ← α₀·inner(u), or e(inner(u))·inner(u) (the fallback's max is of the
/// chain's output): `barzilai_borwein().with_inner(sign())`. Its slots follow the module's; the
/// reduce pass evaluates it without keeping its state, the apply pass steps it. Not supported:
/// `reset_for_online`.
/// kind: reduce (global; 4 sums and a maximum), 1 persistent scalar (α₀, NaN for none).
/// state: 2 slots (prev_p, prev_c), then the inner chain's. reads: the parameters and the raw
/// gradient.
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/modules/detail/barzilai_borwein.hpp>

namespace tzero {

/// The Barzilai-Borwein step size behind `barzilai_borwein`, with its inner chain (`with_inner`).
template <inner_operand Inner = no_inner>
struct basic_barzilai_borwein {
    bb_type type = bb_type::geom;
    double alpha_0 = 1e-7;  ///< the fallback's largest step, element-wise
    bool use_grad = true;   ///< differences of the raw gradient (true) or of the update
    Inner inner{};          ///< run on the update before it is scaled (`with_inner`)

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr int own_slots = 2;  // prev_p, prev_c
    static constexpr int state_slots = state_slots_of<basic_barzilai_borwein>;
    static constexpr int reduce_terms = detail::bb_terms;
    static constexpr int reduce_maxima = 1;  // max|u|
    static constexpr int reduce_slots = 1;
    static constexpr bool uses_param = true;
    static constexpr bool uses_grad = true;  // use_grad is a runtime choice
    static constexpr char const* name = "barzilai_borwein";
    static constexpr auto hyperparameters() {
        return std::tuple{
            field{"type", &basic_barzilai_borwein::type}, field{"alpha_0", &basic_barzilai_borwein::alpha_0},
            field{"use_grad", &basic_barzilai_borwein::use_grad}, field{"inner", &basic_barzilai_borwein::inner}};
    }

    /// This module with `c` run on the update before it is scaled (torchzero's `inner`).
    template <module_or_chain C>
    constexpr auto with_inner(C const& c) const {
        return basic_barzilai_borwein<inner_t<C>>{type, alpha_0, use_grad, c};
    }

    constexpr void validate() const {
        detail::check(int(type) >= 0 && int(type) <= 3,
                      "tzero: barzilai_borwein: type must be a bb_type (write bb_type::geom)", double(int(type)));
        detail::check(alpha_0 > 0 && alpha_0 - alpha_0 == 0,
                      "tzero: barzilai_borwein: alpha_0 must be a finite number > 0 (write 1e-7)", alpha_0);
    }

    /// The differences of c (the update entering the module, or g), and max|inner(u)|.
    template <class V, int N>
    TZERO_HD terms<V, detail::bb_terms> reduce_term(V u, element<V, N> e, auto const& k) const {
        return detail::bb_reduce_terms(*this, u, e, k);
    }
    /// The step size: this step's α₀ when acceptable, else the fallback.
    TZERO_HD double finalize(reduction<detail::bb_terms, 1> r) const {
        detail::finfo const f = detail::finfo_from(r.sum[detail::bb_size], r.count);
        if (r.step > 1) {
            detail::maybe_alpha const a = detail::bb_alpha(type, r.sum[0], r.sum[1], r.sum[2], 2 * f.tiny);
            r.state[0] = a.some ? a.value : std::numeric_limits<double>::quiet_NaN();
        }
        double const alpha = r.state[0];  // 0 before the second step: not acceptable
        if (detail::acceptable_alpha(alpha, f)) return alpha;
        return detail::epsilon_step_size(r.sum[detail::bb_terms - 1], alpha_0);
    }
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, auto const& k) const {
        return detail::bb_store_and_scale(*this, u, e, k);
    }
};

using barzilai_borwein = basic_barzilai_borwein<>;

}  // namespace tzero
