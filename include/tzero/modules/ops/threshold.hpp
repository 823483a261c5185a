/// @file tzero/modules/ops/threshold.hpp
/// Threshold: keeps the elements of the update beyond a threshold and sets the others to a value.
///   update_above:   u ← u if u > threshold, else value
///   otherwise:      u ← u if u < threshold, else value
///   (NaN compares false, so it is kept, as torch's masked_fill(u <= threshold, value))
/// Matches torchzero `tz.m.Threshold(threshold, value, update_above)` with numbers
/// (modules/ops/binary.py; its docstring says the opposite, the code keeps the elements above the
/// threshold when update_above is true). torchzero requires all three; tzero requires threshold
/// and value and defaults update_above to true. Module-chain operands come with the combinators.
/// kind: elementwise. state: none.
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct threshold {
    double threshold = std::numeric_limits<double>::quiet_NaN();  ///< required, as in torchzero
    double value = std::numeric_limits<double>::quiet_NaN();      ///< required, as in torchzero
    bool update_above = true;

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "threshold";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"threshold", &threshold::threshold}, field{"value", &threshold::value},
                          field{"update_above", &threshold::update_above}};
    }

    constexpr void validate() const {
        constexpr double inf = std::numeric_limits<double>::infinity();
        detail::check(threshold == threshold, "tzero: threshold: threshold must be a number (write threshold(1e-3, 0))",
                      threshold);
        detail::check(value > -inf && value < inf,
                      "tzero: threshold: value must be a finite number (write threshold(1e-3, 0))", value);
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0>, no_coeffs) const {
        V const t = V(threshold);
        return math::select(update_above ? (u <= t) : (u >= t), V(value), u);
    }
};

}  // namespace tzero
