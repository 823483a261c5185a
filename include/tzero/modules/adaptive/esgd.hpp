/// @file tzero/modules/adaptive/esgd.hpp
/// Equilibrated SGD (Dauphin et al. 2015): the update divided by the root mean square of
/// Hessian-vector products with random directions, the equilibration preconditioner.
///   every `update_freq` steps (from the first): Hz = (1/n)·Σ Hz_k (core/curvature.hpp; z ⊙ Hz
///     with `zHz`), then a ← a + Hz²  (`beta` NaN, torchzero's None)  or  a ← β·a + (1 − β)·Hz²
///   u ← u / (√â + damping),   â = a/j (a sum over j estimates), a/(1 − βʲ) (`beta_debias`) or a
/// torchzero divides by j twice (`Hz_sq_acc / num_Hzs` before the root and again inside it, and
/// after its debiasing too), so its preconditioner shrinks as 1/√j; tzero takes the mean square
/// of the paper's D = √(Σ(Hz)²/j) once (docs/modules.md).
/// Matches torchzero `tz.m.ESGD(damping=1e-4, update_freq=20, distribution='gaussian',
/// hvp_method='fd_forward', h=1e-3, n_samples=1, zHz=False, beta=None, beta_debias=True)`
/// (modules/adaptive/esgd.py) so corrected, with its finite-difference Hessian-vector products.
/// Its `inner` and `Hz_sq_acc_tfm` chains are not offered yet (`inner` is a chain before it).
/// kind: elementwise, reads the curvature estimate (step with `step(closure)`). state: 1 slot (a).
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>
#include <tuple>

#include <tzero/core/curvature.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct esgd {
    double damping = 1e-4;  ///< added to the root
    int update_freq = 20;   ///< steps between estimates
    sample_distribution distribution = sample_distribution::normal;
    hvp_method hvp = hvp_method::fd_forward;
    double h = 1e-3;  ///< the finite differences' step
    int n_samples = 1;
    bool zHz = false;                                        ///< z ⊙ Hz in place of Hz
    std::uint64_t seed = 0;                                  ///< with the step and the sample, keys every direction
    double beta = std::numeric_limits<double>::quiet_NaN();  ///< an EMA of Hz² (NaN: a sum)
    bool beta_debias = true;

    using kind = elementwise;
    static constexpr int state_slots = 1;
    static constexpr bool uses_curvature = true;
    static constexpr char const* name = "esgd";
    static constexpr auto hyperparameters() {
        using self = esgd;
        return std::tuple{field{"damping", &self::damping},
                          field{"update_freq", &self::update_freq},
                          field{"distribution", &self::distribution},
                          field{"hvp_method", &self::hvp},
                          field{"h", &self::h},
                          field{"n_samples", &self::n_samples},
                          field{"zHz", &self::zHz},
                          field{"seed", &self::seed},
                          field{"beta", &self::beta},
                          field{"beta_debias", &self::beta_debias}};
    }

    constexpr void validate() const {
        detail::check(damping >= 0, "tzero: esgd: damping must be >= 0", damping);
        detail::check(beta != beta || (beta >= 0 && beta < 1), "tzero: esgd: beta must be in [0, 1) or NaN (None)",
                      beta);
        detail::check_hutchinson<esgd>(n_samples, h, update_freq);
    }

    struct coeffs {
        bool fresh;      ///< Hz was estimated this step
        double divisor;  ///< â = a / divisor
    };
    coeffs per_step(long t) const {
        double const j = double(detail::estimates_by(t, update_freq));
        bool const sum = beta != beta;
        return {detail::fresh_at(t, update_freq), sum ? j : beta_debias ? 1 - std::pow(beta, j) : 1.0};
    }

    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, coeffs k) const {
        V& a = e.state[0];
        V const hz = e.curvature;
        if (k.fresh) a = beta != beta ? V(a + hz * hz) : V(a * V(beta) + V(1 - beta) * hz * hz);
        return u / (math::sqrt(a / V(k.divisor)) + V(damping));
    }
};

}  // namespace tzero
