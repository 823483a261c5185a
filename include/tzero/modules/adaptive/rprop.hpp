/// @file tzero/modules/adaptive/rprop.hpp
/// Rprop: a per-element step size that grows while the update keeps its sign and shrinks when it
/// flips; the output is the update's sign times that step size.
///   s = sign(u)
///   t = 1:  a ← clamp(α, lb, ub),  u ← s·a,  allowed ← 1
///   t > 1:  q = s·prev·allowed
///           a ← clamp(a·(η₊ if q > 0, η₋ if q < 0, else 1), lb, ub)
///           u ← s·a where q ≥ 0;  where q < 0: −prev (backtrack, undoing the last step) or 0
///           allowed ← [q ≥ 0]      (after a flip the next step does not adapt a)
///   prev ← u
/// Matches torchzero `tz.m.Rprop(nplus=1.2, nminus=0.5, lb=1e-6, ub=50, backtrack=True, alpha=1)`
/// (modules/adaptive/rprop.py; Riedmiller & Braun 1993). With `backtrack = false`,
/// `lr(γ) | rprop{.backtrack = false, .alpha = γ}` is torch.optim.Rprop(lr=γ). torchzero's
/// `lb`/`ub` may be None: write 0 and infinity.
/// kind: elementwise. state: 3 slots (prev, allowed, a).
#pragma once
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct rprop {
    double nplus = 1.2;
    double nminus = 0.5;
    double lb = 1e-6;
    double ub = 50;
    bool backtrack = true;
    double alpha = 1;

    using kind = elementwise;
    static constexpr int state_slots = 3;
    static constexpr char const* name = "rprop";
    static constexpr auto hyperparameters() {
        return std::tuple{
            field{"nplus", &rprop::nplus}, field{"nminus", &rprop::nminus},       field{"lb", &rprop::lb},
            field{"ub", &rprop::ub},       field{"backtrack", &rprop::backtrack}, field{"alpha", &rprop::alpha}};
    }

    constexpr void validate() const {
        detail::check(nplus > 0, "tzero: rprop: nplus must be > 0", nplus);
        detail::check(nminus > 0, "tzero: rprop: nminus must be > 0", nminus);
        detail::check(lb >= 0, "tzero: rprop: lb must be >= 0", lb);
        detail::check(ub >= lb, "tzero: rprop: ub must be >= lb", ub);
        detail::check(alpha == alpha, "tzero: rprop: alpha must be a number", alpha);
    }

    struct coeffs {
        bool first;  ///< the step sizes start at clamp(alpha, lb, ub)
    };
    coeffs per_step(long t) const { return {t == 1}; }

    template <class V>
    TZERO_HD V apply(V u, element<V, 3> e, coeffs k) const {
        V& prev = e.state[0];
        V& allowed = e.state[1];
        V& size = e.state[2];
        V s = math::sign(u);
        if (k.first) {
            size = math::clamp(V(alpha), V(lb), V(ub));
            allowed = V(1);
            prev = size * s;
            return prev;
        }
        V q = s * prev * allowed;
        V factor = math::select(q < V(0), V(nminus), math::select(q > V(0), V(nplus), V(1)));
        size = math::clamp(size * factor, V(lb), V(ub));
        allowed = math::mask<V>(q >= V(0));
        V out = backtrack ? math::select(q < V(0), -prev, s * size) : s * (size * allowed);
        prev = out;
        return out;
    }
};

}  // namespace tzero
