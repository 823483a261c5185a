/// @file tzero/modules/ops/debias2.hpp
/// Debias2: divides the update by the second-moment bias correction (step t counts from 1).
///   u ← u / (1 − βᵗ)^(1/pow)
/// Matches torchzero `tz.m.Debias2(beta=0.999, pow=2)` (modules/ops/higher_level.py,
/// `debias_second_momentum` in modules/opt_utils.py): a true division by the factor, formed once
/// a step on the host.
/// kind: elementwise. state: none.
#pragma once
#include <cmath>
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct debias2 {
    double beta = 0.999;
    double pow = 2;

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "debias2";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"beta", &debias2::beta}, field{"pow", &debias2::pow}};
    }

    constexpr void validate() const {
        detail::check(beta >= 0 && beta < 1, "tzero: debias2: beta must be in [0, 1)", beta);
        detail::check(pow > 0 && pow < std::numeric_limits<double>::infinity(),
                      "tzero: debias2: pow must be a finite number > 0", pow);
    }

    struct coeffs {
        double bias;  ///< (1 − βᵗ)^(1/pow)
    };
    coeffs per_step(long t) const { return {std::pow(1.0 - std::pow(beta, double(t)), 1 / pow)}; }

    template <class V>
    TZERO_HD V apply(V u, element<V, 0>, coeffs k) const {
        return u / V(k.bias);
    }
};

}  // namespace tzero
