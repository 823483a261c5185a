/// @file tzero/modules/adaptive/scale_lr_by_sign_change.hpp
/// ScaleLRBySignChange: multiplies the update by per-element learning rates that grow while the
/// update (or the gradient) keeps its sign and shrink when it flips.
///   c = u, or the raw gradient g with use_grad;   s = sign(c)
///   t = 1:  r ← clamp(α, lb, ub)
///   t > 1:  q = s·prev,  r ← clamp(r·(η₊ if q > 0, η₋ if q < 0, else 1), lb, ub)
///   prev ← s;   u ← u·r
/// Matches torchzero `tz.m.ScaleLRBySignChange(nplus=1.2, nminus=0.5, lb=1e-6, ub=50, alpha=1,
/// use_grad=False)` (modules/adaptive/rprop.py): the update times `sign_consistency_lrs`' rates.
/// torchzero's `lb`/`ub` may be None: write 0 and infinity. `use_grad` is a runtime choice, so
/// the module always declares that it reads the gradient (free in a one-pass plan, which loads it
/// anyway).
/// kind: elementwise. state: 2 slots (prev, r). reads: the raw gradient.
#pragma once
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/modules/adaptive/sign_consistency_lrs.hpp>

namespace tzero {

struct scale_lr_by_sign_change {
    double nplus = 1.2;
    double nminus = 0.5;
    double lb = 1e-6;
    double ub = 50;
    double alpha = 1;
    bool use_grad = false;

    using kind = elementwise;
    static constexpr int state_slots = 2;
    static constexpr bool uses_grad = true;
    static constexpr char const* name = "scale_lr_by_sign_change";
    static constexpr auto hyperparameters() {
        return std::tuple{
            field{"nplus", &scale_lr_by_sign_change::nplus}, field{"nminus", &scale_lr_by_sign_change::nminus},
            field{"lb", &scale_lr_by_sign_change::lb},       field{"ub", &scale_lr_by_sign_change::ub},
            field{"alpha", &scale_lr_by_sign_change::alpha}, field{"use_grad", &scale_lr_by_sign_change::use_grad}};
    }

    constexpr void validate() const {
        detail::check(nplus > 0, "tzero: scale_lr_by_sign_change: nplus must be > 0", nplus);
        detail::check(nminus > 0, "tzero: scale_lr_by_sign_change: nminus must be > 0", nminus);
        detail::check(lb >= 0, "tzero: scale_lr_by_sign_change: lb must be >= 0", lb);
        detail::check(ub >= lb, "tzero: scale_lr_by_sign_change: ub must be >= lb", ub);
        detail::check(alpha == alpha, "tzero: scale_lr_by_sign_change: alpha must be a number", alpha);
    }

    struct coeffs {
        bool first;  ///< the rates start at clamp(alpha, lb, ub)
    };
    coeffs per_step(long t) const { return {t == 1}; }

    template <class V>
    TZERO_HD V apply(V u, element<V, 2> e, coeffs k) const {
        V c = use_grad ? e.g : u;
        return u * detail::sign_consistency_rates(c, e.state[0], e.state[1], k.first, nplus, nminus, lb, ub, alpha);
    }
};

}  // namespace tzero
