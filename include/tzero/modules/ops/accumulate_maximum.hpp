/// @file tzero/modules/ops/accumulate_maximum.hpp
/// AccumulateMaximum: the running elementwise maximum of all past updates.
///   m ← max(m, u)        (m₀ = 0, so it never goes below 0; NaN sticks, as torch.maximum)
///   u ← m·(1 − decay)
/// Matches torchzero `tz.m.AccumulateMaximum(decay=0)` (modules/ops/accumulate.py).
/// kind: elementwise. state: 1 slot (m).
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct accumulate_maximum {
    double decay = 0;  ///< scales only the returned value by 1 − decay; the accumulator is never decayed

    using kind = elementwise;
    static constexpr int state_slots = 1;
    static constexpr char const* name = "accumulate_maximum";
    static constexpr auto hyperparameters() { return std::tuple{field{"decay", &accumulate_maximum::decay}}; }

    constexpr void validate() const {
        constexpr double inf = std::numeric_limits<double>::infinity();
        detail::check(decay > -inf && decay < inf, "tzero: accumulate_maximum: decay must be a finite number", decay);
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 1> e, no_coeffs) const {
        e.state[0] = math::max(e.state[0], u);
        return e.state[0] * V(1 - decay);
    }
};

}  // namespace tzero
