/// @file tzero/modules/step_size/polyak_step_size.hpp
/// PolyakStepSize: Polyak's step size for a known or estimated minimal loss f*.
///   gg = uᵀg (use_grad) or uᵀu;   f_best ← f if t = 1 or f < f_best;   y_val starts at y
///   f* given, or f* = f_best − y_val (f_star NaN: torchzero's None)
///   a = 0 if gg ≤ 2·tiny (converged), else (f − f*)/gg;   a ← min(a, max);   y_val ← y_val·(1 − y_decay)
///   u ← α·a·u if a is acceptable, else u ← α·e(u)·u
/// f is the loss given to `step(grads, loss)`. Acceptable: 2·tiny ≤ a ≤ max/2 of the parameters'
/// type (torchzero's `_acceptable_alpha`; a = 0 is not). e(u) is torchzero's
/// `epsilon_step_size(u, 1e-7)`, as barzilai_borwein has it (detail/barzilai_borwein.hpp: in the
/// range 1e-7 ≤ max|u| < 1 tzero divides by min(‖u‖₂, 1) ≥ max|u|).
/// Matches torchzero `tz.m.PolyakStepSize(f_star=0, y=1, y_decay=1e-3, max=None, use_grad=True,
/// alpha=1)` (modules/step_size/adaptive.py); `max=None` is `max = ∞`. Not supported: `inner`
/// (the step size applies to the update entering the module) and `get_H`.
/// kind: reduce (global; 5 sums), 2 persistent scalars (f_best, y_val). state: none.
/// reads: the raw gradient and the loss (its chain is stepped with `step(grads, loss)`, and it
/// cannot be a branch of another module).
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/modules/detail/barzilai_borwein.hpp>

namespace tzero {

struct polyak_step_size {
    double f_star = 0;  ///< the minimal loss; NaN: estimated as f_best − y_val (torchzero's None)
    double y = 1;       ///< the estimate's first margin
    double y_decay = 1e-3;                                   ///< the margin shrinks by (1 − y_decay) a step
    double max = std::numeric_limits<double>::infinity();    ///< the largest step size (∞: torchzero's None)
    bool use_grad = true;  ///< gg = uᵀg (true) or uᵀu
    double alpha = 1;      ///< multiplies the step size

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr int state_slots = 0;
    static constexpr int reduce_terms = 5;  // gg, the fallback's three, the element size
    static constexpr int reduce_slots = 2;  // f_best, y_val
    static constexpr bool uses_grad = true;  // use_grad is a runtime choice
    static constexpr bool uses_loss = true;  // finalize reads r.loss
    static constexpr char const* name = "polyak_step_size";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"f_star", &polyak_step_size::f_star}, field{"y", &polyak_step_size::y},
                          field{"y_decay", &polyak_step_size::y_decay}, field{"max", &polyak_step_size::max},
                          field{"use_grad", &polyak_step_size::use_grad}, field{"alpha", &polyak_step_size::alpha}};
    }

    constexpr void validate() const {
        detail::check(f_star != f_star || f_star - f_star == 0,
                      "tzero: polyak_step_size: f_star must be a finite number or NaN to estimate it (write 0)", f_star);
        detail::check(y - y == 0, "tzero: polyak_step_size: y must be a finite number (write 1)", y);
        detail::check(y_decay - y_decay == 0,
                      "tzero: polyak_step_size: y_decay must be a finite number (write 1e-3)", y_decay);
        detail::check(max > 0, "tzero: polyak_step_size: max must be > 0 (write INFINITY for no limit)", max);
        detail::check(alpha - alpha == 0, "tzero: polyak_step_size: alpha must be a finite number (write 1)", alpha);
    }
    template <class V>
    TZERO_HD terms<V, 5> reduce_term(V u, element<V, 0> e, no_coeffs) const {
        terms<V, 5> t{{u * (use_grad ? e.g : u)}};
        detail::fallback_terms(u, 1e-7, t.v + 1);
        t[4] = detail::element_size_term<V>();
        return t;
    }
    /// The step size times alpha; updates f_best and y_val.
    TZERO_HD double finalize(reduction<5, 2> r) const {
        detail::finfo const f = detail::finfo_from(r.sum[4], r.count);
        double& f_best = r.state[0];
        double& y_val = r.state[1];
        if (r.step == 1) y_val = y;
        if (r.step == 1 || r.loss < f_best) f_best = r.loss;
        double const target = f_star == f_star ? f_star : f_best - y_val;
        double const gg = r.sum[0];
        double a = gg <= 2 * f.tiny ? 0 : (r.loss - target) / gg;
        if (a > max) a = max;
        y_val *= 1 - y_decay;
        if (!detail::acceptable_alpha(a, f)) a = detail::epsilon_step_size(r.sum[1], r.sum[2], r.sum[3], 1e-7);
        return a * alpha;
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0> e, no_coeffs) const {
        return u * e.reduced;
    }
};

}  // namespace tzero
