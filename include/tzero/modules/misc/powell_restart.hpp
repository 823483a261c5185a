/// @file tzero/modules/misc/powell_restart.hpp
/// PowellRestart: Powell's (1977) two restart tests for conjugate-gradient methods, over every
/// parameter, with g the step's gradient, g′ the previous step's and u the update entering the
/// module (the direction the step subtracts):
///   reset ⇔ |gᵀg′| ≥ cond1·‖g‖²                         (the directions are not conjugate)
///        or uᵀg ∉ [(1 − cond2)·‖g‖², (1 + cond2)·‖g‖²]   (u is not downhill enough)
/// decided on the step, the chain reset after it (core/restart.hpp); the first step after a reset
/// (and the first) only records g′. A negative cond1 or cond2 is torchzero's None (that test off).
/// A global reduce module: the three sums in the pass that builds u, g′ written in the next; an
/// identity on the update.
/// Matches torchzero `tz.m.PowellRestart(None, cond1=0.2, cond2=0.2)` (modules/restarts/restars.py,
/// the `modules=None` form) with two corrections (docs/modules.md, divergences): g′ is the previous
/// step's gradient (torchzero's is never refreshed after the first step), and the second test is
/// Powell's −1.2‖g‖² ≤ dᵀg ≤ −0.8‖g‖² for the descent direction d = −u (torchzero resets inside
/// that band with the sign of u, outside it never).
/// kind: restart strategy (reduce, global; 3 sums), 3 persistent scalars (the step of the last
/// reset, whether g′ is held, the decision). state: g′.
#pragma once
#include <tuple>

#include <tzero/core/config.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>

namespace tzero {

struct powell_restart {
    double cond1 = 0.2;  ///< conjugacy: reset when |gᵀg′| ≥ cond1·‖g‖² (negative: off)
    double cond2 = 0.2;  ///< descent: reset when uᵀg leaves [(1 − cond2), (1 + cond2)]·‖g‖² (negative: off)

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr bool restarts = true, uses_grad = true;
    static constexpr int state_slots = 1;   // g′
    static constexpr int reduce_terms = 3;  // gᵀg, gᵀg′, uᵀg
    static constexpr int reduce_slots = 3;  // the last reset's step (core/restart.hpp), g′ held, the decision
    static constexpr char const* name = "powell_restart";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"cond1", &powell_restart::cond1}, field{"cond2", &powell_restart::cond2}};
    }

    template <class V, int N>
    TZERO_HD terms<V, reduce_terms> reduce_term(V u, element<V, N> e, no_coeffs) const {
        return {{e.g * e.g, e.g * e.state[0], u * e.g}};
    }

    /// The decision, kept for `should_reset` after the step.
    TZERO_HD double finalize(reduction<reduce_terms, reduce_slots> r) const {
        double* const st = r.state;
        st[2] = 0;
        if (st[1] == 0) {  // g′ is written by this step's apply
            st[1] = 1;
            return 1;
        }
        double const gg = r.sum[0];
        bool reset = cond1 >= 0 && math::abs(r.sum[1]) >= cond1 * gg;
        if (!reset && cond2 >= 0) reset = !(r.sum[2] >= (1 - cond2) * gg && r.sum[2] <= (1 + cond2) * gg);
        if (reset) st[1] = 0, st[2] = 1;  // torchzero forgets g′ on a reset
        return 1;
    }

    template <class C>
    bool should_reset(C const&, double* scalars, int) const {
        return scalars[1] != 0;  // (scalars: g′ held, the decision)
    }

    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, no_coeffs) const {
        e.state[0] = e.g;
        return u;
    }
};

}  // namespace tzero
