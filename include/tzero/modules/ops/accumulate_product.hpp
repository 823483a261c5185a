/// @file tzero/modules/ops/accumulate_product.hpp
/// AccumulateProduct: the running elementwise product of all past updates.
///   p ← p·u        (p₀ = 1)        u ← p·(1 − decay)
/// Matches torchzero `tz.m.AccumulateProduct(decay=0)` (modules/ops/accumulate.py).
/// Divergence: torchzero starts p at 0, so its output is always 0; tzero starts at 1, the
/// documented intent (docs/modules.md).
/// kind: elementwise. state: 1 slot (p).
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct accumulate_product {
    double decay = 0;  ///< scales only the returned value by 1 − decay; the accumulator is never decayed

    using kind = elementwise;
    static constexpr int state_slots = 1;
    static constexpr char const* name = "accumulate_product";
    static constexpr auto hyperparameters() { return std::tuple{field{"decay", &accumulate_product::decay}}; }

    constexpr void validate() const {
        constexpr double inf = std::numeric_limits<double>::infinity();
        detail::check(decay > -inf && decay < inf, "tzero: accumulate_product: decay must be a finite number", decay);
    }
    struct coeffs {
        bool first;  ///< the product starts at 1
    };
    coeffs per_step(long t) const { return {t == 1}; }

    template <class V>
    TZERO_HD V apply(V u, element<V, 1> e, coeffs k) const {
        e.state[0] = (k.first ? V(1) : e.state[0]) * u;
        return e.state[0] * V(1 - decay);
    }
};

}  // namespace tzero
