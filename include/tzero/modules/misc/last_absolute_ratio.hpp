/// @file tzero/modules/misc/last_absolute_ratio.hpp
/// LastAbsoluteRatio: the ratio of the magnitudes of the update and the previous step's update.
///   a = |u|        d = max(s, eps)        numerator cur: out = a / d        prev: out = d / a
///   s ← a        (s₀ = 1)
/// Matches torchzero `tz.m.LastAbsoluteRatio(numerator='cur', eps=1e-8)` (modules/misc/misc.py):
/// eps bounds only the previous magnitude, so with numerator prev a zero update divides by zero
/// (+inf), as in torchzero. NaN stays NaN.
/// kind: elementwise. state: 1 slot (the previous magnitude).
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/modules/misc/last_ratio.hpp>

namespace tzero {

struct last_absolute_ratio {
    ratio_numerator numerator = ratio_numerator::cur;
    double eps = 1e-8;  ///< lower bound of the previous magnitude

    using kind = elementwise;
    static constexpr int state_slots = 1;
    static constexpr char const* name = "last_absolute_ratio";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"numerator", &last_absolute_ratio::numerator}, field{"eps", &last_absolute_ratio::eps}};
    }

    constexpr void validate() const {
        detail::check(numerator == ratio_numerator::cur || numerator == ratio_numerator::prev,
                      "tzero: last_absolute_ratio: numerator must be cur or prev", int(numerator));
        detail::check(
            eps >= 0 && eps < std::numeric_limits<double>::infinity(),
            "tzero: last_absolute_ratio: eps must be a finite number >= 0 (write last_absolute_ratio{.eps = 1e-8})",
            eps);
    }
    struct coeffs {
        bool first;  ///< the previous magnitude starts at 1
    };
    coeffs per_step(long t) const { return {t == 1}; }

    template <class V>
    TZERO_HD V apply(V u, element<V, 1> e, coeffs k) const {
        V const a = math::abs(u);
        V const d = math::max(k.first ? V(1) : e.state[0], V(eps));
        e.state[0] = a;
        return numerator == ratio_numerator::cur ? a / d : d / a;
    }
};

}  // namespace tzero
