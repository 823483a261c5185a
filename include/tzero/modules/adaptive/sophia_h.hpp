/// @file tzero/modules/adaptive/sophia_h.hpp
/// SophiaH (Liu et al. 2023): momentum divided by an EMA of Hutchinson's Hessian-diagonal
/// estimate D, clipped.
///   every `update_freq` steps (from the first): D = (1/n)·Σ z ⊙ Hz (core/curvature.hpp), then
///     h ← lerp(h, D, 1 − β2)
///   m ← lerp(m, u, 1 − β1)
///   u ← clamp(m̂ / max(ĥ·precond_scale, ε), −clip, clip),   m̂ = m/(1 − β1ᵗ), ĥ = h/(1 − β2ʲ) when
///     `debias` (j: the estimates so far), else m and h
/// Matches torchzero `tz.m.SophiaH(beta1=0.96, beta2=0.99, update_freq=10, precond_scale=1,
/// clip=1, eps=1e-12, hvp_method='fd_forward', distribution='gaussian', h=1e-3, n_samples=1,
/// zHz=True, debias=False)` (modules/adaptive/sophia_h.py) with its finite-difference
/// Hessian-vector products (torchzero's default, 'autograd', needs autograd). Its `exp_avg_tfm`
/// and `D_exp_avg_tfm` inner chains are not offered yet.
/// kind: elementwise, reads the curvature estimate (step with `step(closure)`). state: 2 slots (m, h).
#pragma once
#include <cmath>
#include <cstdint>
#include <tuple>

#include <tzero/core/curvature.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct sophia_h {
    double beta1 = 0.96;   ///< the update's EMA
    double beta2 = 0.99;   ///< D's EMA
    int update_freq = 10;  ///< steps between estimates
    double precond_scale = 1;
    double clip = 1;     ///< the update's bound
    double eps = 1e-12;  ///< the smallest divisor
    hvp_method hvp = hvp_method::fd_forward;
    sample_distribution distribution = sample_distribution::normal;
    double h = 1e-3;  ///< the finite differences' step
    int n_samples = 1;
    bool zHz = true;  ///< D = z ⊙ Hz (false: Hz)
    bool debias = false;
    std::uint64_t seed = 0;  ///< with the step and the sample, keys every direction

    using kind = elementwise;
    static constexpr int state_slots = 2;
    static constexpr bool uses_curvature = true;
    static constexpr char const* name = "sophia_h";
    static constexpr auto hyperparameters() {
        using self = sophia_h;
        return std::tuple{field{"beta1", &self::beta1},
                          field{"beta2", &self::beta2},
                          field{"update_freq", &self::update_freq},
                          field{"precond_scale", &self::precond_scale},
                          field{"clip", &self::clip},
                          field{"eps", &self::eps},
                          field{"hvp_method", &self::hvp},
                          field{"distribution", &self::distribution},
                          field{"h", &self::h},
                          field{"n_samples", &self::n_samples},
                          field{"zHz", &self::zHz},
                          field{"debias", &self::debias},
                          field{"seed", &self::seed}};
    }

    constexpr void validate() const {
        detail::check(beta1 >= 0 && beta1 < 1, "tzero: sophia_h: beta1 must be in [0, 1)", beta1);
        detail::check(beta2 >= 0 && beta2 < 1, "tzero: sophia_h: beta2 must be in [0, 1)", beta2);
        detail::check(precond_scale - precond_scale == 0, "tzero: sophia_h: precond_scale must be a finite number",
                      precond_scale);
        detail::check(clip >= 0, "tzero: sophia_h: clip must be >= 0", clip);
        detail::check(eps >= 0, "tzero: sophia_h: eps must be >= 0", eps);
        detail::check_hutchinson<sophia_h>(n_samples, h, update_freq);
    }

    struct coeffs {
        bool fresh;      ///< D was estimated this step
        double debias1;  ///< 1 − β1ᵗ (1 without debiasing)
        double debias2;  ///< 1 − β2ʲ
    };
    coeffs per_step(long t) const {
        bool const fresh = detail::fresh_at(t, update_freq);
        if (!debias) return {fresh, 1, 1};
        return {fresh, 1 - std::pow(beta1, double(t)),
                1 - std::pow(beta2, double(detail::estimates_by(t, update_freq)))};
    }

    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, coeffs k) const {
        V& m = e.state[0];
        V& d = e.state[1];
        if (k.fresh) d = math::lerp(d, e.curvature, 1 - beta2);
        m = math::lerp(m, u, 1 - beta1);
        V const scaled = precond_scale == 1 ? V(d / V(k.debias2)) : V(d / V(k.debias2) * V(precond_scale));
        return math::clamp(V(m / V(k.debias1) / math::max(scaled, V(eps))), V(-clip), V(clip));
    }
};

}  // namespace tzero
