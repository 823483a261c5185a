/// @file tzero/modules/misc/relative.hpp
/// Relative: scales the update by the parameter's magnitude, bounded below.
///   u ← u · max(|p|, min_value)
/// Matches torchzero `tz.m.Relative(min_value=1e-4)` (modules/misc/misc.py); min_value keeps a
/// parameter at 0 from being stuck there. A NaN parameter gives NaN, as torch's clamp does.
/// kind: elementwise. state: none. reads: the parameter.
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct relative {
    double min_value = 1e-4;

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr bool uses_param = true;
    static constexpr char const* name = "relative";
    static constexpr auto hyperparameters() { return std::tuple{field{"min_value", &relative::min_value}}; }

    constexpr void validate() const {
        detail::check(min_value >= 0 && min_value < std::numeric_limits<double>::infinity(),
                      "tzero: relative: min_value must be a finite number >= 0 (write relative(1e-4))", min_value);
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0> e, no_coeffs) const {
        return u * math::max(math::abs(e.p), V(min_value));
    }
};

}  // namespace tzero
