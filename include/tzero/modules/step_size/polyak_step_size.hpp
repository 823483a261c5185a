/// @file tzero/modules/step_size/polyak_step_size.hpp
/// PolyakStepSize: Polyak's step size for a known or estimated minimal loss f*.
///   gg = uᵀg (use_grad) or uᵀu;   f_best ← f if t = 1 or f < f_best;   y_val starts at y
///   f* given, or f* = f_best − y_val (f_star NaN: torchzero's None)
///   a = 0 if gg ≤ 2·tiny (converged), else (f − f*)/gg;   a ← min(a, max);   y_val ← y_val·(1 − y_decay)
///   u ← α·a·u if a is acceptable, else u ← α·e(u)·u
/// f is the loss given to `step(grads, loss)`. Acceptable: 2·tiny ≤ a ≤ max/2 of the parameters'
/// type (torchzero's `_acceptable_alpha`; a = 0 is not). e(u) is torchzero's
/// `epsilon_step_size(u, 1e-7)`, as barzilai_borwein has it (detail/barzilai_borwein.hpp), from
/// max|u|.
/// Matches torchzero `tz.m.PolyakStepSize(f_star=0, y=1, y_decay=1e-3, max=None, use_grad=True,
/// alpha=1)` (modules/step_size/adaptive.py); `max=None` is `max = ∞`.
/// torchzero's `inner` is an inner chain (core/branch.hpp, "inner chain") run on the update u
/// entering the module: gg is still u's, and the step size multiplies the chain's output,
/// u ← α·a·inner(u), or α·e(inner(u))·inner(u) (the fallback's max is of the chain's output):
/// `polyak_step_size().with_inner(sign())`. Its slots are the module's; the reduce pass
/// evaluates it without keeping its state, the apply pass steps it. Not supported: `get_H`.
/// kind: reduce (global; 2 sums and a maximum), 2 persistent scalars (f_best, y_val). state: none,
/// or the inner chain's.
/// reads: the raw gradient and the loss (its chain is stepped with `step(grads, loss)`, and it
/// cannot be a branch of another module).
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/modules/detail/barzilai_borwein.hpp>

namespace tzero {

/// Polyak's step size behind `polyak_step_size`, with its inner chain (`with_inner`).
template <inner_operand Inner = no_inner>
struct basic_polyak_step_size {
    double f_star = 0;      ///< the minimal loss; NaN: estimated as f_best − y_val (torchzero's None)
    double y = 1;           ///< the estimate's first margin
    double y_decay = 1e-3;  ///< the margin shrinks by (1 − y_decay) a step
    double max = std::numeric_limits<double>::infinity();  ///< the largest step size (∞: torchzero's None)
    bool use_grad = true;                                  ///< gg = uᵀg (true) or uᵀu
    double alpha = 1;                                      ///< multiplies the step size
    Inner inner{};                                         ///< run on the update before it is scaled (`with_inner`)

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr int state_slots = state_slots_of<basic_polyak_step_size>;
    static constexpr int reduce_terms = 3;  // gg, the element size, max|u|
    static constexpr int reduce_maxima = 1;
    static constexpr int reduce_slots = 2;   // f_best, y_val
    static constexpr bool uses_grad = true;  // use_grad is a runtime choice
    static constexpr bool uses_loss = true;  // finalize reads r.loss
    static constexpr char const* name = "polyak_step_size";
    static constexpr auto hyperparameters() {
        return std::tuple{
            field{"f_star", &basic_polyak_step_size::f_star},     field{"y", &basic_polyak_step_size::y},
            field{"y_decay", &basic_polyak_step_size::y_decay},   field{"max", &basic_polyak_step_size::max},
            field{"use_grad", &basic_polyak_step_size::use_grad}, field{"alpha", &basic_polyak_step_size::alpha},
            field{"inner", &basic_polyak_step_size::inner}};
    }

    /// This module with `c` run on the update before it is scaled (torchzero's `inner`).
    template <module_or_chain C>
    constexpr auto with_inner(C const& c) const {
        return basic_polyak_step_size<inner_t<C>>{f_star, y, y_decay, max, use_grad, alpha, c};
    }

    constexpr void validate() const {
        detail::check(f_star != f_star || f_star - f_star == 0,
                      "tzero: polyak_step_size: f_star must be a finite number or NaN to estimate it (write 0)",
                      f_star);
        detail::check(y - y == 0, "tzero: polyak_step_size: y must be a finite number (write 1)", y);
        detail::check(y_decay - y_decay == 0, "tzero: polyak_step_size: y_decay must be a finite number (write 1e-3)",
                      y_decay);
        detail::check(max > 0, "tzero: polyak_step_size: max must be > 0 (write INFINITY for no limit)", max);
        detail::check(alpha - alpha == 0, "tzero: polyak_step_size: alpha must be a finite number (write 1)", alpha);
    }

    /// gg's share from the update entering the module, and max|inner(u)|.
    template <class V, int N>
    TZERO_HD terms<V, 3> reduce_term(V u, element<V, N> e, auto const& k) const {
        V const out = value_of<&basic_polyak_step_size::inner>(*this, k, u, e);
        return {{u * (use_grad ? e.g : u), detail::element_size_term<V>(), math::abs(out)}};
    }
    /// The step size times alpha; updates f_best and y_val.
    TZERO_HD double finalize(reduction<3, 2> r) const {
        detail::finfo const f = detail::finfo_from(r.sum[1], r.count);
        double& f_best = r.state[0];
        double& y_val = r.state[1];
        if (r.step == 1) y_val = y;
        if (r.step == 1 || r.loss < f_best) f_best = r.loss;
        double const target = f_star == f_star ? f_star : f_best - y_val;
        double const gg = r.sum[0];
        double a = gg <= 2 * f.tiny ? 0 : (r.loss - target) / gg;
        if (a > max) a = max;
        y_val *= 1 - y_decay;
        if (!detail::acceptable_alpha(a, f)) a = detail::epsilon_step_size(r.sum[2], 1e-7);
        return a * alpha;
    }
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, auto const& k) const {
        return value_of<&basic_polyak_step_size::inner>(*this, k, u, e) * e.reduced;
    }
};

using polyak_step_size = basic_polyak_step_size<>;

}  // namespace tzero
