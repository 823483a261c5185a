/// @file tzero/modules/adaptive/adaptive_heavy_ball.hpp
/// AdaptiveHeavyBall: heavy ball with its step size and momentum chosen from the loss and a
/// known minimal loss f* (Saab et al., OJMO 2024, hal-04832983; suited to quadratics).
///   first step:  u ← h·u,  h = 2(f − f*)/uᵀu
///   later, if f − f* ≤ 2·tiny: u is left as it is; else
///     m = −(f − f*)·uᵀu_prev / ((f_prev − f*)·uᵀu + (f − f*)·uᵀu_prev),   h = 2(f − f*)/uᵀu
///     u ← (1 + m)·h·u − m·(p − p_prev)
///   then f_prev ← f,  p_prev ← p,  u_prev ← u (the update entering the module)
/// f is the loss given to `step(grads, loss)`; tiny is the parameters' type's smallest normal.
/// The step size comes from the rule: drop the chain's lr() (or keep lr(1)).
/// Matches torchzero `tz.m.AdaptiveHeavyBall(f_star=0)` (modules/adaptive/adaptive_heavyball.py);
/// the scalars (1 + m)·h and m are formed once per step in double.
/// kind: reduce (global; 3 sums, 2 outputs), 1 persistent scalar (f_prev).
/// state: 2 slots (p_prev, u_prev). reads: the parameters and the loss (its chain is stepped with
/// `step(grads, loss)`, and it cannot be a branch of another module).
#pragma once
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/modules/detail/finfo.hpp>

namespace tzero {

struct adaptive_heavy_ball {
    double f_star = 0;  ///< the (estimated) minimal loss

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr int state_slots = 2;     // p_prev, u_prev
    static constexpr int reduce_terms = 3;    // uᵀu, uᵀu_prev, the element size
    static constexpr int reduce_outputs = 2;  // (1 + m)·h, m
    static constexpr int reduce_slots = 1;    // f_prev
    static constexpr bool uses_param = true;
    static constexpr bool uses_loss = true;  // finalize reads r.loss
    static constexpr char const* name = "adaptive_heavy_ball";
    static constexpr auto hyperparameters() { return std::tuple{field{"f_star", &adaptive_heavy_ball::f_star}}; }

    constexpr void validate() const {
        detail::check(f_star - f_star == 0, "tzero: adaptive_heavy_ball: f_star must be a finite number (write 0)",
                      f_star);
    }
    template <class V>
    TZERO_HD terms<V, 3> reduce_term(V u, element<V, 2, 2> e, no_coeffs) const {
        return {{u * u, u * e.state[1], detail::element_size_term<V>()}};
    }
    /// The factors of u and of p − p_prev; updates f_prev.
    TZERO_HD terms<double, 2> finalize(reduction<3, 1> r) const {
        double const f = r.loss - f_star, f_prev = r.state[0] - f_star, uu = r.sum[0], uup = r.sum[1];
        r.state[0] = r.loss;
        if (r.step == 1) return {{2 * f / uu, 0}};
        if (f <= 2 * detail::finfo_from(r.sum[2], r.count).tiny) return {{1, 0}};
        double const m = -f * uup / (f_prev * uu + f * uup), h = 2 * f / uu;
        return {{(1 + m) * h, m}};
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 2, 2> e, no_coeffs) const {
        V const out = u * e.reduced[0] - e.reduced[1] * (e.p - e.state[0]);
        e.state[0] = e.p;
        e.state[1] = u;
        return out;
    }
};

}  // namespace tzero
