/// @file tzero/modules/ops/nan_to_num.hpp
/// NanToNum: replaces NaN, +∞ and −∞ in the update by finite numbers.
///   u ← nan where u is NaN,  posinf where u = +∞,  neginf where u = −∞,  else u
/// Matches torchzero `tz.m.NanToNum(nan=None, posinf=None, neginf=None)` (modules/ops/unary.py)
/// and torch.nan_to_num. torch's None defaults are 0, the largest and the lowest finite value of
/// the update's type; here the defaults are double's largest and lowest, and every replacement is
/// limited to the update type's finite range (so in float they are float's, as in torch).
/// kind: elementwise. state: none.
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct nan_to_num {
    double nan = 0;
    double posinf = std::numeric_limits<double>::max();
    double neginf = std::numeric_limits<double>::lowest();

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "nan_to_num";
    // its numbers are limited to the update type's range (below), so no float check refuses them
    static constexpr bool saturating_hyperparameters = true;
    static constexpr auto hyperparameters() {
        return std::tuple{field{"nan", &nan_to_num::nan}, field{"posinf", &nan_to_num::posinf},
                          field{"neginf", &nan_to_num::neginf}};
    }

    constexpr void validate() const {
        constexpr double inf = std::numeric_limits<double>::infinity();
        detail::check(nan > -inf && nan < inf, "tzero: nan_to_num: nan must be a finite number", nan);
        detail::check(posinf > -inf && posinf < inf, "tzero: nan_to_num: posinf must be a finite number", posinf);
        detail::check(neginf > -inf && neginf < inf, "tzero: nan_to_num: neginf must be a finite number", neginf);
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0>, no_coeffs) const {
        V const inf = V(std::numeric_limits<double>::infinity());
        V out = math::select(u == inf, math::saturate<V>(posinf), u);
        out = math::select(u == -inf, math::saturate<V>(neginf), out);
        return math::select(u != u, math::saturate<V>(nan), out);
    }
};

}  // namespace tzero
