/// @file tzero/modules/adaptive/adahessian.hpp
/// AdaHessian (Yao et al. 2020): Adam with the second moment of Hutchinson's Hessian-diagonal
/// estimate D in place of the gradient's square.
///   every `update_freq` steps (from the first): D = (1/n)·Σ z ⊙ Hz (core/curvature.hpp), block
///     averaged when `averaging`, then v ← β2·v + (1 − β2)·D²
///   m ← lerp(m, u, 1 − β1)
///   u ← m̂ / (v̂^(k/2) + ε),   m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ʲ) when `debias` (j: the estimates so
///     far), k = `hessian_power`
/// Block averaging (torchzero's `_block_average`; `block_size` 0 is its None): a tensor of rank
/// ≥ 3 takes mean |D| over its dims from the third (per convolution kernel); with a block size,
/// rows of dim 0 in blocks of that many take their mean |D| column by column (torchzero groups
/// every n_blocks-th row into a block but writes the means back to consecutive rows, a bug;
/// tzero averages consecutive rows: docs/modules.md). Tensors of rank < 2 are not averaged.
/// Matches torchzero `tz.m.AdaHessian(beta1=0.9, beta2=0.999, averaging=True, block_size=None,
/// update_freq=1, eps=1e-8, hessian_power=1, distribution='rademacher', hvp_method='fd_forward',
/// h=1e-3, n_samples=1, zHz=True, debias=True)` (modules/adaptive/adahessian.py) with its
/// finite-difference Hessian-vector products (torchzero's default, 'autograd', needs autograd).
/// Its `exp_avg_tfm` and `D_exp_avg_sq_tfm` inner chains are not offered yet.
/// kind: elementwise, reads the curvature estimate (step with `step(closure)`). state: 2 slots (m, v).
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <tuple>

#include <tzero/core/curvature.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct adahessian {
    double beta1 = 0.9;     ///< the update's EMA
    double beta2 = 0.999;   ///< D²'s EMA
    bool averaging = true;  ///< block-average D on tensors of rank ≥ 2
    int block_size = 0;     ///< rows a block (0: torchzero's None, per kernel)
    int update_freq = 1;    ///< steps between estimates
    double eps = 1e-8;
    double hessian_power = 1;  ///< k in v̂^(k/2)
    sample_distribution distribution = sample_distribution::rademacher;
    hvp_method hvp = hvp_method::fd_forward;
    double h = 1e-3;  ///< the finite differences' step
    int n_samples = 1;
    bool zHz = true;  ///< D = z ⊙ Hz (false: Hz)
    bool debias = true;
    std::uint64_t seed = 0;  ///< with the step and the sample, keys every direction

    using kind = elementwise;
    static constexpr int state_slots = 2;
    static constexpr bool uses_curvature = true;
    static constexpr char const* name = "adahessian";
    static constexpr auto hyperparameters() {
        using self = adahessian;
        return std::tuple{field{"beta1", &self::beta1},
                          field{"beta2", &self::beta2},
                          field{"averaging", &self::averaging},
                          field{"block_size", &self::block_size},
                          field{"update_freq", &self::update_freq},
                          field{"eps", &self::eps},
                          field{"hessian_power", &self::hessian_power},
                          field{"distribution", &self::distribution},
                          field{"hvp_method", &self::hvp},
                          field{"h", &self::h},
                          field{"n_samples", &self::n_samples},
                          field{"zHz", &self::zHz},
                          field{"debias", &self::debias},
                          field{"seed", &self::seed}};
    }

    constexpr void validate() const {
        detail::check(beta1 >= 0 && beta1 < 1, "tzero: adahessian: beta1 must be in [0, 1)", beta1);
        detail::check(beta2 >= 0 && beta2 < 1, "tzero: adahessian: beta2 must be in [0, 1)", beta2);
        detail::check(block_size >= 0, "tzero: adahessian: block_size must be >= 0 (0: per kernel)",
                      double(block_size));
        detail::check(eps >= 0, "tzero: adahessian: eps must be >= 0", eps);
        detail::check(hessian_power - hessian_power == 0, "tzero: adahessian: hessian_power must be a finite number",
                      hessian_power);
        detail::check_hutchinson<adahessian>(n_samples, h, update_freq);
    }

    /// D block averaged, after the estimate.
    template <class C>
    void finish_curvature(C& ctx) const {
        if (averaging) ctx.average(std::size_t(block_size));
    }

    struct coeffs {
        bool fresh;      ///< D was estimated this step
        double debias1;  ///< 1 − β1ᵗ (1 without debiasing)
        double debias2;  ///< 1 − β2ʲ
        double power;    ///< k/2
    };
    coeffs per_step(long t) const {
        if (!debias) return {detail::fresh_at(t, update_freq), 1, 1, hessian_power / 2};
        return {detail::fresh_at(t, update_freq), 1 - std::pow(beta1, double(t)),
                1 - std::pow(beta2, double(detail::estimates_by(t, update_freq))), hessian_power / 2};
    }

    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, coeffs k) const {
        V& m = e.state[0];
        V& v = e.state[1];
        if (k.fresh) v = v * V(beta2) + V(1 - beta2) * e.curvature * e.curvature;
        m = math::lerp(m, u, 1 - beta1);
        V const v_hat = v / V(k.debias2);
        return m / V(k.debias1) / (math::power(v_hat, k.power) + V(eps));
    }
};

}  // namespace tzero
