/// @file tzero/modules/misc/random_hvp.hpp
/// The update becomes a Hessian-vector product with random directions:
///   every `update_freq` steps (from the first): D = (1/n)·Σ_k Hz_k, or (1/n)·Σ_k z_k ⊙ Hz_k with
///     `zHz` (core/curvature.hpp), kept in a slot;   u ← D (the last one made)
/// Matches torchzero `tz.m.RandomHvp(n_samples=1, distribution='normal', update_freq=1,
/// zHz=False, hvp_method='fd_forward', h=1e-3)` (modules/misc/misc.py) with its finite-difference
/// Hessian-vector products (torchzero's default, 'autograd', needs autograd). torchzero keeps D
/// only when `update_freq` ≠ 1; tzero always keeps it (one slot, so the plan does not depend on
/// a runtime value).
/// kind: elementwise, reads the curvature estimate (step with `step(closure)`). state: 1 slot (D).
#pragma once
#include <cstdint>
#include <tuple>

#include <tzero/core/curvature.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct random_hvp {
    int n_samples = 1;
    sample_distribution distribution = sample_distribution::normal;
    int update_freq = 1;  ///< steps between estimates
    bool zHz = false;     ///< z ⊙ Hz in place of Hz
    hvp_method hvp = hvp_method::fd_forward;
    double h = 1e-3;         ///< the finite differences' step
    std::uint64_t seed = 0;  ///< with the step and the sample, keys every direction

    using kind = elementwise;
    static constexpr int state_slots = 1;
    static constexpr bool uses_curvature = true;
    static constexpr char const* name = "random_hvp";
    static constexpr auto hyperparameters() {
        using self = random_hvp;
        return std::tuple{field{"n_samples", &self::n_samples},
                          field{"distribution", &self::distribution},
                          field{"update_freq", &self::update_freq},
                          field{"zHz", &self::zHz},
                          field{"hvp_method", &self::hvp},
                          field{"h", &self::h},
                          field{"seed", &self::seed}};
    }

    constexpr void validate() const { detail::check_hutchinson<random_hvp>(n_samples, h, update_freq); }

    struct coeffs {
        bool fresh;  ///< D was estimated this step
    };
    coeffs per_step(long t) const { return {detail::fresh_at(t, update_freq)}; }

    template <class V, int N>
    TZERO_HD V apply(V, element<V, N> e, coeffs k) const {
        V& d = e.state[0];
        if (k.fresh) d = e.curvature;
        return d;
    }
};

}  // namespace tzero
