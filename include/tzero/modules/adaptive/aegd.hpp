/// @file tzero/modules/adaptive/aegd.hpp
/// AEGD: adaptive gradient descent with energy (Liu & Tian 2020, arXiv:2010.05109).
///   v = u / (2·√(f + c))                 (f: the loss given to `step(grads, loss)`)
///   r ← r / (1 + 2η·v²)                  (the energy; it starts at √(f₀ + c), f₀ the first loss)
///   u ← 2η·r·v
/// The energy r only shrinks, so the effective step size η·r/√(f + c) decays on its own. AEGD's
/// learning rate η is part of the rule: drop the chain's lr() (or keep lr(1)).
/// Matches torchzero `tz.m.AEGD(lr=0.1, c=1)` (modules/adaptive/aegd.py); 1/(2√(f + c)) and
/// √(f₀ + c) are formed once per step in double.
/// kind: elementwise. state: 1 slot (r). reads: the loss (its chain is stepped with
/// `step(grads, loss)`).
#pragma once
#include <cmath>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct aegd {
    double lr = 0.1;  ///< η, part of the update rule
    double c = 1;     ///< added to the loss, which must stay above −c

    using kind = elementwise;
    static constexpr int state_slots = 1;
    static constexpr char const* name = "aegd";
    static constexpr auto hyperparameters() { return std::tuple{field{"lr", &aegd::lr}, field{"c", &aegd::c}}; }

    constexpr void validate() const {
        detail::check(lr - lr == 0 && lr >= 0, "tzero: aegd: lr must be a finite number >= 0 (write aegd{.lr = 0.1})",
                      lr);
        detail::check(c - c == 0, "tzero: aegd: c must be a finite number (write aegd{.c = 1})", c);
    }
    struct coeffs {
        double half_inv_root;  ///< 1 / (2√(f + c))
        double first_energy;   ///< √(f + c) on the first step (the energy's start), else NaN: unused
        double two_lr;         ///< 2η
    };
    coeffs per_step(long t, double loss) const {
        double const root = std::sqrt(loss + c);  // NaN when f + c < 0, as torchzero's (f + c)**0.5
        return {1 / (2 * root), t == 1 ? root : __builtin_nan(""), 2 * lr};
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 1> e, coeffs const& k) const {
        V& r = e.state[0];
        V const v = u * V(k.half_inv_root);
        V const start = k.first_energy == k.first_energy ? V(k.first_energy) : r;
        r = start / (V(1) + V(k.two_lr) * (v * v));
        return V(k.two_lr) * r * v;
    }
};

}  // namespace tzero
