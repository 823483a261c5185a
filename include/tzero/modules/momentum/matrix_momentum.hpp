/// @file tzero/modules/momentum/matrix_momentum.hpp
/// Matrix momentum (Orr & Leen 1996): momentum whose decay is the curvature along the last step,
/// with u the update entering it, p′ the previous step's parameters and s = p − p′:
///   d = lr·u − s + μ·H·s         H·s by finite differences of the closure's gradients along s
///   d = lr·u·initial_step_size(lr·u, 1e-7)   on the first step (no s yet)
/// μ = mu, or with `adaptive` mu·‖s‖/clip(‖y‖), y = g − g′ the raw gradients' change (torchzero's
/// deterministic rule; clip floors at 2·tiny). The product is one more closure gradient a step
/// (two for fd_central), at p + h·s/‖s‖ (core/curvature.hpp, `along_slot`), made before the
/// passes; the module then reads it as one more stream. μ should stay below 1/λ_max of the
/// Hessian (torchzero's notes).
/// Matches torchzero `tz.m.MatrixMomentum(lr, mu=0.1, hvp_method='fd_forward', h=1e-3,
/// adaptive=False)` (modules/adaptive/matrix_momentum.py); torchzero's default hvp_method,
/// 'autograd', differentiates the gradient's graph, which a C++ closure does not give, and its
/// stochastic rule (`adapt_freq`, which re-evaluates the closure at p′) and `inner` are not offered.
/// kind: reduce (global: Σ|lr·u|, the element size, ‖s‖², ‖y‖², max|lr·u|) and a curvature module.
/// state: 2 slots (p′, g′; g′ written only when adaptive).
#pragma once
#include <cmath>
#include <cstdint>
#include <tuple>

#include <tzero/core/config.hpp>
#include <tzero/core/curvature.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/modules/detail/finfo.hpp>

namespace tzero {

struct matrix_momentum {
    double lr = __builtin_nan("");  ///< the update's scale (torchzero's required `lr`)
    double mu = 0.1;                ///< the curvature term's weight, below 1/λ_max
    hvp_method hvp = hvp_method::fd_forward;
    double h = 1e-3;        ///< the finite differences' step
    bool adaptive = false;  ///< μ = mu·‖s‖/‖y‖ (the deterministic rule)

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr bool uses_param = true, uses_grad = true, uses_curvature = true;
    static constexpr int state_slots = 2;  // p′, g′
    static constexpr int reduce_terms = 5, reduce_maxima = 1;
    static constexpr int reduce_outputs = 4;  // first step, its scale, μ, whether g′ is written
    static constexpr int slots_written_per_step = 2;
    static constexpr char const* name = "matrix_momentum";
    static constexpr auto hyperparameters() {
        using self = matrix_momentum;
        return std::tuple{field{"lr", &self::lr}, field{"mu", &self::mu}, field{"hvp", &self::hvp},
                          field{"h", &self::h}, field{"adaptive", &self::adaptive}};
    }

    constexpr void validate() const {
        detail::check(lr - lr == 0, "tzero: matrix_momentum: lr must be a finite number (torchzero requires it)", lr);
        detail::check(mu - mu == 0, "tzero: matrix_momentum: mu must be a finite number", mu);
        detail::check(h > 0 && h - h == 0, "tzero: matrix_momentum: h must be a finite number > 0", h);
    }

    /// H·s along this step's s, from the closure (none on the first step).
    template <class C>
    void estimate_curvature(C& ctx, int first_slot) const {
        if (ctx.step() > 1) ctx.along_slot(first_slot, hvp, h);
    }

    template <class V, int N>
    TZERO_HD terms<V, reduce_terms> reduce_term(V u, element<V, N, reduce_outputs> e, no_coeffs) const {
        V const x = u * V(math::scalar_t<V>(lr)), s = e.p - e.state[0], y = e.g - e.state[1];
        return {{math::abs(x), detail::element_size_term<V>(), s * s, y * y, math::abs(x)}};
    }

    TZERO_HD terms<double, reduce_outputs> finalize(reduction<reduce_terms, 0> r) const {
        terms<double, reduce_outputs> out{};
        out[0] = r.step == 1;
        auto const f = detail::finfo_from(r.sum[1], r.count);
        out[1] = r.step == 1 ? detail::initial_step_size(r.sum[0], r.sum[4], f, 1e-7) : 1;
        double const y_norm = std::sqrt(r.sum[3]);
        out[2] = adaptive ? mu * (std::sqrt(r.sum[2]) / (y_norm < 2 * f.tiny ? 2 * f.tiny : y_norm)) : mu;
        out[3] = adaptive;
        return out;
    }

    /// p′ always; g′ when adaptive.
    template <class R>
    TZERO_HD std::uint64_t written_slots(R const* out) const {
        return out[3] != R(0) ? 3 : 1;
    }

    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N, reduce_outputs> e, no_coeffs) const {
        V const x = u * V(math::scalar_t<V>(lr)), s = e.p - e.state[0];
        V const d = math::select(e.reduced[0] != V(0), x * e.reduced[1], (x - s) + e.curvature * e.reduced[2]);
        e.state[0] = e.p;
        e.state[1] = e.g;
        return d;
    }
};

}  // namespace tzero
