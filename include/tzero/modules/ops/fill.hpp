/// @file tzero/modules/ops/fill.hpp
/// Fill: replaces the update by a constant.
///   u ← value
/// Matches torchzero `tz.m.Fill(value)` (modules/ops/utility.py). The update it receives is
/// discarded; `zeros` and `ones` are fill(0) and fill(1) under torchzero's names.
/// kind: elementwise. state: none.
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct fill {
    double value = std::numeric_limits<double>::quiet_NaN();  ///< required, as in torchzero

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "fill";
    static constexpr auto hyperparameters() { return std::tuple{field{"value", &fill::value}}; }

    constexpr void validate() const {
        constexpr double inf = std::numeric_limits<double>::infinity();
        detail::check(value > -inf && value < inf, "tzero: fill: value must be a finite number (write fill(1))", value);
    }
    template <class V>
    TZERO_HD V apply(V, element<V, 0>, no_coeffs) const {
        return V(value);
    }
};

}  // namespace tzero
