/// @file tzero/modules/step_size/bb_stab.hpp
/// BBStab: the Barzilai-Borwein step size, limited so that the step's norm is at most delta
/// (Burdakov, Dai & Huang 2019, "Stabilized Barzilai-Borwein method", arXiv:1907.06409).
///   c, s, y and α as in barzilai_borwein (tzero/modules/step_size/barzilai_borwein.hpp), with
///   ε = tiny of the parameters' type (torchzero's BBStab uses tiny, BarzilaiBorwein 2·tiny)
///   t > 1 and α exists:
///     fixed delta:    α₀ ← min(α, delta/‖c‖)
///     adaptive (delta = 0, torchzero's None): n ← the number of such steps before this one;
///       n = 0: α₀ ← α;  1 ≤ n ≤ inf_iters: s_min ← min(s_min, ‖s‖), α₀ ← α;
///       n > inf_iters: α₀ ← min(α, c·s_min/‖c‖)
///   (t > 1 and no α: α₀ stays);   u ← α₀·u if α₀ is acceptable, else u ← e(u)·u
///   prev_p ← p,  prev_c ← c
/// Acceptable and e(u) (torchzero's `epsilon_step_size`) as in barzilai_borwein.
/// Matches torchzero `tz.m.BBStab(c=0.2, delta=None, type="geom", alpha_0=1e-7, use_grad=True,
/// inf_iters=3)` (modules/step_size/adaptive.py); `c` is spelled `c` here too.
/// torchzero's `inner` is an inner chain run on the update u entering the module, as in
/// barzilai_borwein: c (use_grad = false), ‖c‖ and prev_c are still u's, and u ← α₀·inner(u), or
/// e(inner(u))·inner(u): `bb_stab().with_inner(sign())`. Not supported: `reset_for_online`.
/// kind: reduce (global; 5 sums and a maximum), 3 persistent scalars (α₀, n, s_min).
/// state: 2 slots (prev_p, prev_c), then the inner chain's. reads: the parameters and the raw
/// gradient.
#pragma once
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/modules/detail/barzilai_borwein.hpp>

namespace tzero {

/// The stabilized Barzilai-Borwein step size behind `bb_stab`, with its inner chain (`with_inner`).
template <inner_operand Inner = no_inner>
struct basic_bb_stab {
    double c = 0.2;    ///< adaptive delta: c times the smallest ‖s‖ of the first steps
    double delta = 0;  ///< the step's largest norm; 0: adaptive (torchzero's None)
    bb_type type = bb_type::geom;
    double alpha_0 = 1e-7;  ///< the fallback's largest step, element-wise
    bool use_grad = true;   ///< differences of the raw gradient (true) or of the update
    long inf_iters = 3;     ///< adaptive delta: steps taken without a limit after the first
    Inner inner{};          ///< run on the update before it is scaled (`with_inner`)

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr int own_slots = 2;  // prev_p, prev_c
    static constexpr int state_slots = state_slots_of<basic_bb_stab>;
    static constexpr int reduce_terms = detail::bb_terms + 1;  // and ‖c‖², before max|u|
    static constexpr int cc = detail::bb_terms - 1;            // where ‖c‖² is
    static constexpr int reduce_maxima = 1;
    static constexpr int reduce_slots = 3;  // α₀, n, s_min
    static constexpr bool uses_param = true;
    static constexpr bool uses_grad = true;  // use_grad is a runtime choice
    static constexpr char const* name = "bb_stab";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"c", &basic_bb_stab::c},
                          field{"delta", &basic_bb_stab::delta},
                          field{"type", &basic_bb_stab::type},
                          field{"alpha_0", &basic_bb_stab::alpha_0},
                          field{"use_grad", &basic_bb_stab::use_grad},
                          field{"inf_iters", &basic_bb_stab::inf_iters},
                          field{"inner", &basic_bb_stab::inner}};
    }

    /// This module with `c` run on the update before it is scaled (torchzero's `inner`).
    template <module_or_chain C>
    constexpr auto with_inner(C const& chain) const {
        return basic_bb_stab<inner_t<C>>{c, delta, type, alpha_0, use_grad, inf_iters, chain};
    }

    constexpr void validate() const {
        detail::check(c >= 0 && c - c == 0, "tzero: bb_stab: c must be a finite number >= 0 (write 0.2)", c);
        detail::check(delta >= 0, "tzero: bb_stab: delta must be >= 0 (0: adaptive, as torchzero's None)", delta);
        detail::check(int(type) >= 0 && int(type) <= 3, "tzero: bb_stab: type must be a bb_type (write bb_type::geom)",
                      double(int(type)));
        detail::check(alpha_0 > 0 && alpha_0 - alpha_0 == 0,
                      "tzero: bb_stab: alpha_0 must be a finite number > 0 (write 1e-7)", alpha_0);
        detail::check(inf_iters >= 1, "tzero: bb_stab: inf_iters must be >= 1 (write 3)", double(inf_iters));
    }

    /// The differences and ‖c‖² of c (the update entering the module, or g), and max|inner(u)|.
    template <class V, int N>
    TZERO_HD terms<V, reduce_terms> reduce_term(V u, element<V, N> e, auto const& k) const {
        V const now = use_grad ? e.g : u;
        auto t = detail::bb_reduce_terms<1>(*this, u, e, k);
        t[cc] = now * now;
        return t;
    }
    /// The step size: α₀ when acceptable, else the fallback.
    TZERO_HD double finalize(reduction<reduce_terms, 3> r) const {
        detail::finfo const f = detail::finfo_from(r.sum[detail::bb_size], r.count);
        double& stored = r.state[0];
        double& n = r.state[1];
        double& s_min = r.state[2];
        if (r.step > 1) {
            detail::maybe_alpha const a = detail::bb_alpha(type, r.sum[0], r.sum[1], r.sum[2], f.tiny);
            if (a.some) {
                bool limited = delta > 0;
                double limit = delta;
                if (!limited) {
                    double const before = n;  // steps with an α before this one
                    n += 1;
                    if (before == 0) {
                        // the first is a scaled gradient step: its ‖s‖ does not count
                    } else if (before <= double(inf_iters)) {
                        double const s_norm = math::sqrt(r.sum[2]);
                        s_min = (before == 1 || s_norm < s_min) ? s_norm : s_min;  // Python's min keeps the first
                    } else {
                        limit = c * s_min;
                        limited = true;
                    }
                }
                if (limited) {
                    double const a_stab = limit / math::sqrt(r.sum[cc]);
                    stored = a_stab < a.value ? a_stab : a.value;  // Python's min(alpha, a_stab)
                } else {
                    stored = a.value;
                }
            }
        }
        double const alpha = stored;  // 0 before the first α: not acceptable
        if (detail::acceptable_alpha(alpha, f)) return alpha;
        return detail::epsilon_step_size(r.sum[reduce_terms - 1], alpha_0);
    }
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, auto const& k) const {
        return detail::bb_store_and_scale(*this, u, e, k);
    }
};

using bb_stab = basic_bb_stab<>;

}  // namespace tzero
