/// @file tzero/modules/adaptive/mars_correction.hpp
/// MARSCorrection: MARS variance-reduction correction of the update (Yuan et al. 2024), to be
/// followed by a momentum-based optimizer with the same beta.
///   c = u + (u − u_prev)·scaling·beta/(1 − beta)      (c = u on the first step)
///   u_prev ← u
///   u ← c · min(1, max_norm / ‖c‖₂), the norm over ALL parameters (a zero norm leaves c alone)
/// Matches torchzero `tz.m.MARSCorrection(beta=0.9, scaling=0.025, max_norm=1)`
/// (modules/adaptive/mars.py): u_prev is the update entering the module (before correction),
/// the clip is TensorList.clip_norm_(max=max_norm, tensorwise=False). torchzero's
/// `max_norm=None` is `max_norm = ∞`; the module still plans its reduction pass then.
/// `mars_correction{.beta = 0.95} | adam{.beta1 = 0.95, .beta2 = 0.99} | lr(0.1)` is MARS-AdamW
/// (without its weight decay).
/// kind: reduce (global sum of c²). state: 1 slot (u_prev).
#pragma once
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct mars_correction {
    double beta = 0.9;       ///< the momentum of the optimizer that follows
    double scaling = 0.025;  ///< scale of the gradient-difference correction
    double max_norm = 1;     ///< the corrected update's global L2 norm is clipped to this (∞: no clip)

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr int state_slots = 1;
    static constexpr char const* name = "mars_correction";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"beta", &mars_correction::beta}, field{"scaling", &mars_correction::scaling},
                          field{"max_norm", &mars_correction::max_norm}};
    }

    constexpr void validate() const {
        detail::check(beta >= 0 && beta < 1,
                      "tzero: mars_correction: beta must be in [0, 1) (write mars_correction{.beta = 0.9})", beta);
        detail::check(scaling - scaling == 0, "tzero: mars_correction: scaling must be a finite number", scaling);
        detail::check(max_norm >= 0, "tzero: mars_correction: max_norm must be >= 0 (infinity: no clipping)", max_norm);
    }
    struct coeffs {
        bool first;         ///< no previous update yet: c = u
        double correction;  ///< scaling·beta/(1 − beta)
    };
    coeffs per_step(long t) const { return {t == 1, scaling * beta / (1 - beta)}; }

    /// The corrected update c, from the update and the stored previous one.
    template <class V>
    TZERO_HD V corrected(V u, V previous, coeffs k) const {
        if (k.first) return u;
        return u + (u - previous) * V(k.correction);
    }
    template <class V>
    TZERO_HD V reduce_term(V u, element<V, 1> e, coeffs k) const {
        V const c = corrected(u, e.state[0], k);
        return c * c;
    }
    /// min(1, max_norm / ‖c‖); a zero norm leaves c alone, a NaN norm gives NaN (as torchzero).
    TZERO_HD double finalize(double sum_of_squares, double) const {
        double const norm = math::sqrt(sum_of_squares);
        if (norm == 0) return 1;
        double const factor = max_norm / norm;
        return factor > 1 ? 1 : factor;
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 1> e, coeffs k) const {
        V const c = corrected(u, e.state[0], k);
        e.state[0] = u;
        return c * e.reduced;
    }
};

}  // namespace tzero
