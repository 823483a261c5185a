/// @file tzero/modules/ops/accumulate_mean.hpp
/// AccumulateMean: the running mean of all past updates (step t counts from 1).
///   s ← s + u        (s₀ = 0)        u ← s·(1 − decay) / t
/// Matches torchzero `tz.m.AccumulateMean(decay=0)` (modules/ops/accumulate.py).
/// kind: elementwise. state: 1 slot (s).
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct accumulate_mean {
    double decay = 0;  ///< scales only the returned value by 1 − decay; the accumulator is never decayed

    using kind = elementwise;
    static constexpr int state_slots = 1;
    static constexpr char const* name = "accumulate_mean";
    static constexpr auto hyperparameters() { return std::tuple{field{"decay", &accumulate_mean::decay}}; }

    constexpr void validate() const {
        constexpr double inf = std::numeric_limits<double>::infinity();
        detail::check(decay > -inf && decay < inf, "tzero: accumulate_mean: decay must be a finite number", decay);
    }
    struct coeffs {
        double t;  ///< the step count, the mean's divisor
    };
    coeffs per_step(long t) const { return {double(t)}; }

    template <class V>
    TZERO_HD V apply(V u, element<V, 1> e, coeffs k) const {
        e.state[0] = e.state[0] + u;
        return e.state[0] * V(1 - decay) / V(k.t);
    }
};

}  // namespace tzero
