/// @file tzero/modules/second_order/newton_cg.hpp
/// Newton–CG (truncated Newton): d ≈ (H + reg·I)⁻¹·g by conjugate gradients, each product H·v by
/// finite differences of the closure's gradients along v (core/curvature.hpp, `hvp`): no matrix.
/// torchzero's CG (linalg/solve.py), from x = 0 (or the last solution, `warm_start`), r = g:
///   while k < maxiter (0: n):  q = (H + reg·I)·p,  pᵀq ≤ 2·tiny: negative curvature: on the
///   first iteration x = g·|gᵀg/pᵀq|, else stop when `npc_terminate` (else go on);
///   α = rᵀr/pᵀq, x += α·p, r −= α·q; stop when k ≥ miniter and ‖r‖ < tol; p ← r + (‖r‖²/‖r′‖²)·p
/// With `warm_start` the kept solution moves to the new one: x₀ ← x₀ + (1 − warm_beta)·(d − x₀).
/// The solve is made before the passes, from the step's gradient, so the module comes first in
/// its chain (torchzero's `inner`, preconditioning another module's output, is not offered); the
/// dense stage (core/dense.hpp) then hands d on. A step is the gradient and one product's gradient
/// per CG iteration (two central); the host work is O(n) an iteration.
/// Matches torchzero `tz.m.NewtonCG(maxiter=None, tol=1e-8, reg=1e-8, hvp_method='fd_forward',
/// solver='cg', npc_terminate=False, h=1e-3, miniter=1, warm_start=False, warm_beta=0)`
/// (modules/second_order/newton_cg.py); its 'autograd' products have no C++ counterpart, and its
/// experimental 'minres' solver is not offered.
/// kind: dense stage (global) and curvature module. state: the warm start's x₀ (n doubles).
#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <tuple>

#include <tzero/core/curvature.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct newton_cg {
    long maxiter = 0;   ///< CG iterations at most; 0: n (torchzero's None)
    double tol = 1e-8;  ///< stop when ‖r‖ < tol (an absolute tolerance, as torchzero's)
    double reg = 1e-8;  ///< added to H's diagonal
    hvp_method hvp = hvp_method::fd_forward;
    bool npc_terminate = false;  ///< stop at negative curvature
    double h = 1e-3;             ///< the finite differences' step
    long miniter = 1;            ///< iterations before the tolerance can stop CG
    bool warm_start = false;     ///< start CG from the kept solution
    double warm_beta = 0;        ///< the kept solution's inertia

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr bool dense = true, uses_curvature = true, solves_with_gradient = true;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "newton_cg";
    static constexpr auto hyperparameters() {
        using self = newton_cg;
        return std::tuple{field{"maxiter", &self::maxiter},
                          field{"tol", &self::tol},
                          field{"reg", &self::reg},
                          field{"hvp", &self::hvp},
                          field{"npc_terminate", &self::npc_terminate},
                          field{"h", &self::h},
                          field{"miniter", &self::miniter},
                          field{"warm_start", &self::warm_start},
                          field{"warm_beta", &self::warm_beta}};
    }
    constexpr void validate() const {
        detail::check(maxiter >= 0, "tzero: newton_cg: maxiter must be >= 0 (0: the number of elements)",
                      double(maxiter));
        detail::check(tol >= 0, "tzero: newton_cg: tol must be >= 0", tol);
        detail::check(reg - reg == 0, "tzero: newton_cg: reg must be a finite number", reg);
        detail::check(h > 0 && h - h == 0, "tzero: newton_cg: h must be a finite number > 0", h);
        detail::check(miniter >= 0, "tzero: newton_cg: miniter must be >= 0", double(miniter));
        detail::check(warm_beta >= 0 && warm_beta <= 1, "tzero: newton_cg: warm_beta must be in [0, 1]", warm_beta);
    }

    static constexpr std::size_t dense_state_size(std::size_t n) { return n; }  // the warm start's x₀
    std::size_t dense_work_size(std::size_t n) const { return 6 * n; }          // d, then g, r, p, q, x

    /// CG on the step's gradient, with the closure's products; d into the stage's temporaries.
    template <class C>
    void estimate_curvature(C& ctx, int) const {
        std::size_t const n = ctx.elements();
        double* const d = ctx.dense_work();
        double* const g = d + n;
        double* const r = g + n;
        double* const p = r + n;
        double* const q = p + n;
        double* const x = q + n;
        auto const dot = [n](double const* a, double const* b) {
            double s = 0;
            for (std::size_t i = 0; i < n; ++i) s += a[i] * b[i];
            return s;
        };
        auto const product = [&](double const* v, double* out) {  // (H + reg·I)·v
            ctx.hvp(v, hvp, h, out);
            if (reg != 0)
                for (std::size_t i = 0; i < n; ++i) out[i] += v[i] * reg;
        };
        ctx.gradient_at_origin(g);
        double const eps = 2 * ctx.tiny();
        long const limit = maxiter == 0 ? long(n) : maxiter;
        std::fill_n(x, n, 0.0);
        std::copy_n(g, n, r);
        if (warm_start) {  // r = g − A·x₀ (x₀ = 0 before a first solve: no product then)
            std::copy_n(ctx.dense_state(), n, x);
            product(x, q);
            for (std::size_t i = 0; i < n; ++i) r[i] = g[i] - q[i];
        }
        std::copy_n(r, n, p);
        if (miniter < 1 && std::sqrt(dot(r, r)) < tol) return std::copy_n(x, n, d), void();
        for (long k = 0;; ++k) {
            if (k >= limit) break;
            product(p, q);
            double const pq = dot(p, q);
            if (pq <= eps) {
                if (k == 0) {
                    double const scale = std::abs(dot(g, g) / pq);
                    for (std::size_t i = 0; i < n; ++i) x[i] = g[i] * scale;
                    break;
                }
                if (npc_terminate) break;
            }
            double const rr = dot(r, r), alpha = rr / pq;
            for (std::size_t i = 0; i < n; ++i) x[i] += alpha * p[i], r[i] -= alpha * q[i];
            double const rr_next = dot(r, r);
            if (k >= miniter && std::sqrt(rr_next) < tol) break;
            double const beta = rr_next / rr;
            for (std::size_t i = 0; i < n; ++i) p[i] = r[i] + beta * p[i];
        }
        std::copy_n(x, n, d);
    }

    /// d from the solve; the warm start's x₀ moved toward it.
    template <class C>
    void transform(C& ctx, double*) const {
        std::size_t const n = ctx.n;
        std::copy_n(ctx.work, n, ctx.u);
        if (warm_start)
            for (std::size_t i = 0; i < n; ++i) ctx.state[i] += (1 - warm_beta) * (ctx.work[i] - ctx.state[i]);
    }
};

}  // namespace tzero
