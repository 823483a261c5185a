/// @file tzero/modules/weight_decay/weight_decay.hpp
/// WeightDecay: adds the gradient of a norm penalty on the parameters to the update.
///   ord 2: u ← u + p · wd        ord 1: u ← u + sign(p) · wd
///   ord k: u ← u + copysign(|p|^(k−1), p) · wd
/// Matches torchzero `tz.m.WeightDecay(weight_decay, ord)` (modules/weight_decay/weight_decay.py).
/// Where it sits decides the coupling, as in torchzero: before `adam` it is L2 regularization,
/// after `adam` but before `lr` it is AdamW's decay (scaled by lr), after `lr` it is fully
/// decoupled. For ord ≥ 3 torchzero's sign correction has an operator-precedence bug
/// (`ord - 1 % 2`) that drops the sign for odd ord; tzero keeps the sign (docs/modules.md).
/// kind: elementwise. state: none. reads: the parameter.
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct weight_decay {
    double weight_decay = std::numeric_limits<double>::quiet_NaN();  ///< required, as in torchzero
    int ord = 2;  ///< order of the penalty: 1 (L1), 2 (L2), or higher

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr bool uses_param = true;
    static constexpr char const* name = "weight_decay";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"weight_decay", &weight_decay::weight_decay}, field{"ord", &weight_decay::ord}};
    }

    constexpr void validate() const {
        detail::check(weight_decay > -std::numeric_limits<double>::infinity() &&
                          weight_decay < std::numeric_limits<double>::infinity(),
                      "tzero: weight_decay: weight_decay must be a finite number (write weight_decay(1e-4))",
                      weight_decay);
        detail::check(ord >= 1, "tzero: weight_decay: ord must be >= 1", ord);
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0> e, no_coeffs) const {
        if (ord == 2) return u + e.p * V(weight_decay);
        if (ord == 1) return u + math::sign(e.p) * V(weight_decay);
        return u + math::copysign(math::pow(math::abs(e.p), V(ord - 1)), e.p) * V(weight_decay);
    }
};

}  // namespace tzero
