/// @file tzero/modules/clipping/clip_value_growth.hpp
/// ClipValueGrowth: limits how fast each element of the update may grow from step to step.
///   first step: u is left alone and q ← u (q: the tracked update, one slot)
///   then  r = max(|u| − |q|, 0);  u ← u − copysign(r − add, u) where r > add
///         c = max(|u| / max(|q|, min_value), 1e-8)
///         u ← u / (c / mul) where c > mul
///         q ← q / max_decay where c < 1 / max_decay, else u
/// Matches torchzero `tz.m.ClipValueGrowth(add=None, mul=1.5, min_value=1e-4, max_decay=2)`
/// (modules/clipping/growth_clipping.py). torchzero's `None` is written as a value that disables
/// the limit: `add`, `mul` and `max_decay` = ∞, `min_value` = 0.
/// kind: elementwise. state: 1 (the tracked update).
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct clip_value_growth {
    double add = std::numeric_limits<double>::infinity();  ///< |u| may grow by at most this (∞: no limit)
    double mul = 1.5;                                      ///< |u| may grow by at most this factor (∞: no limit)
    double min_value = 1e-4;  ///< floor of the tracked magnitude the factor divides by (0: none)
    double max_decay = 2;     ///< the tracked update shrinks by at most this factor a step (∞: no limit)

    using kind = elementwise;
    static constexpr int state_slots = 1;
    static constexpr char const* name = "clip_value_growth";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"add", &clip_value_growth::add}, field{"mul", &clip_value_growth::mul},
                          field{"min_value", &clip_value_growth::min_value},
                          field{"max_decay", &clip_value_growth::max_decay}};
    }

    constexpr void validate() const {
        detail::check(add >= 0, "tzero: clip_value_growth: add must be >= 0 (infinity: no additive limit)", add);
        detail::check(mul > 0, "tzero: clip_value_growth: mul must be > 0 (infinity: no multiplicative limit)", mul);
        detail::check(min_value >= 0, "tzero: clip_value_growth: min_value must be >= 0", min_value);
        detail::check(max_decay > 0, "tzero: clip_value_growth: max_decay must be > 0 (infinity: no limit)", max_decay);
    }
    struct coeffs {
        bool first;
    };
    coeffs per_step(long t) const { return {t == 1}; }

    template <class V>
    TZERO_HD V apply(V u, element<V, 1> e, coeffs k) const {
        V& q = e.state[0];
        if (k.first) {
            q = u;
            return u;
        }
        // ∞ (torchzero's None) needs no branch: r > ∞, c > ∞ and c < 1/∞ are all false.
        V const r = math::max(math::abs(u) - math::abs(q), V(0));
        u = u - math::select(r > V(add), math::copysign(r - V(add), u), V(0));
        V const c = math::max(math::abs(u) / math::max(math::abs(q), V(min_value)), V(1e-8));
        u = u / math::select(c > V(mul), c / V(mul), V(1));
        q = math::select(c < V(1 / max_decay), q / V(max_decay), u);
        return u;
    }
};

}  // namespace tzero
