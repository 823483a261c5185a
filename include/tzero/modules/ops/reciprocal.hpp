/// @file tzero/modules/ops/reciprocal.hpp
/// Reciprocal: replaces the update by one over it, optionally shifted by ε first.
///   u ← 1 / (u + eps)        (1/±0 = ±∞; with eps = 0 the sign of a zero is kept, as torchzero
///                             skips the addition then)
/// Matches torchzero `tz.m.Reciprocal(eps=0)` (modules/ops/unary.py).
/// kind: elementwise. state: none.
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct reciprocal {
    double eps = 0;

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "reciprocal";
    static constexpr auto hyperparameters() { return std::tuple{field{"eps", &reciprocal::eps}}; }

    constexpr void validate() const {
        detail::check(eps > -std::numeric_limits<double>::infinity() && eps < std::numeric_limits<double>::infinity(),
                      "tzero: reciprocal: eps must be a finite number", eps);
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0>, no_coeffs) const {
        if (eps == 0) return V(1) / u;  // u + 0 would turn −0 into +0, and 1/−0 into +∞
        return V(1) / (u + V(eps));
    }
};

}  // namespace tzero
