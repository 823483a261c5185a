/// @file tzero/modules/adaptive/sign_consistency_lrs.hpp
/// SignConsistencyLRs: replaces the update by per-element learning rates that grow while the
/// update keeps its sign and shrink when it flips (Rprop's step-size rule, without the step).
///   s = sign(u)
///   t = 1:  r ← clamp(α, lb, ub)
///   t > 1:  q = s·prev,  r ← clamp(r·(η₊ if q > 0, η₋ if q < 0, else 1), lb, ub)
///   prev ← s;   u ← r
/// Matches torchzero `tz.m.SignConsistencyLRs(nplus=1.2, nminus=0.5, lb=1e-6, ub=50, alpha=1)`
/// (modules/adaptive/rprop.py), meant as a factor: `tz.m.Mul(tz.m.SignConsistencyLRs())` is
/// `mul(sign_consistency_lrs())`; `scale_lr_by_sign_change` multiplies the update by the same rates.
/// torchzero's `lb`/`ub` may be None: write 0 and infinity.
/// kind: elementwise. state: 2 slots (prev, r).
#pragma once
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

namespace detail {
/// The per-element rates of sign_consistency_lrs and scale_lr_by_sign_change, driven by `c`.
template <class V>
TZERO_HD V sign_consistency_rates(V c, V& prev, V& rate, bool first, double nplus, double nminus, double lb, double ub,
                                  double alpha) {
    V s = math::sign(c);
    if (first) {
        prev = s;
        rate = math::clamp(V(alpha), V(lb), V(ub));
        return rate;
    }
    V q = s * prev;
    prev = s;
    V factor = math::select(q < V(0), V(nminus), math::select(q > V(0), V(nplus), V(1)));
    rate = math::clamp(rate * factor, V(lb), V(ub));
    return rate;
}
}  // namespace detail

struct sign_consistency_lrs {
    double nplus = 1.2;
    double nminus = 0.5;
    double lb = 1e-6;
    double ub = 50;
    double alpha = 1;

    using kind = elementwise;
    static constexpr int state_slots = 2;
    static constexpr char const* name = "sign_consistency_lrs";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"nplus", &sign_consistency_lrs::nplus}, field{"nminus", &sign_consistency_lrs::nminus},
                          field{"lb", &sign_consistency_lrs::lb}, field{"ub", &sign_consistency_lrs::ub},
                          field{"alpha", &sign_consistency_lrs::alpha}};
    }

    constexpr void validate() const {
        detail::check(nplus > 0, "tzero: sign_consistency_lrs: nplus must be > 0", nplus);
        detail::check(nminus > 0, "tzero: sign_consistency_lrs: nminus must be > 0", nminus);
        detail::check(lb >= 0, "tzero: sign_consistency_lrs: lb must be >= 0", lb);
        detail::check(ub >= lb, "tzero: sign_consistency_lrs: ub must be >= lb", ub);
        detail::check(alpha == alpha, "tzero: sign_consistency_lrs: alpha must be a number", alpha);
    }

    struct coeffs {
        bool first;  ///< the rates start at clamp(alpha, lb, ub)
    };
    coeffs per_step(long t) const { return {t == 1}; }

    template <class V>
    TZERO_HD V apply(V u, element<V, 2> e, coeffs k) const {
        return detail::sign_consistency_rates(u, e.state[0], e.state[1], k.first, nplus, nminus, lb, ub, alpha);
    }
};

}  // namespace tzero
