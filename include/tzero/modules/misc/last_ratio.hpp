/// @file tzero/modules/misc/last_ratio.hpp
/// LastRatio: the ratio of the update and the previous step's update.
///   numerator cur: out = u / s        numerator prev: out = s / u        s ← u        (s₀ = 1)
/// Matches torchzero `tz.m.LastRatio(numerator='cur')` (modules/misc/misc.py). Nothing guards the
/// division: a zero denominator gives ±inf or NaN, as in torchzero.
/// kind: elementwise. state: 1 slot (the previous update).
#pragma once
#include <array>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

/// Which of the two updates a ratio divides: the current one (`cur`) or the previous (`prev`).
enum class ratio_numerator { cur, prev };
constexpr std::array<char const*, 2> enumerators(ratio_numerator) { return {"cur", "prev"}; }

struct last_ratio {
    ratio_numerator numerator = ratio_numerator::cur;

    using kind = elementwise;
    static constexpr int state_slots = 1;
    static constexpr char const* name = "last_ratio";
    static constexpr auto hyperparameters() { return std::tuple{field{"numerator", &last_ratio::numerator}}; }

    constexpr void validate() const {
        detail::check(numerator == ratio_numerator::cur || numerator == ratio_numerator::prev,
                      "tzero: last_ratio: numerator must be cur or prev (write last_ratio(ratio_numerator::prev))",
                      int(numerator));
    }
    struct coeffs {
        bool first;  ///< the previous update starts at 1
    };
    coeffs per_step(long t) const { return {t == 1}; }

    template <class V>
    TZERO_HD V apply(V u, element<V, 1> e, coeffs k) const {
        V const prev = k.first ? V(1) : e.state[0];
        e.state[0] = u;
        return numerator == ratio_numerator::cur ? u / prev : prev / u;
    }
};

}  // namespace tzero
