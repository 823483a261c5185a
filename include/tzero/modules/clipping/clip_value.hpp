/// @file tzero/modules/clipping/clip_value.hpp
/// ClipValue: clamps every element of the update to [−value, value].
///   u ← clamp(u, −value, value)        (NaN stays NaN, as torch.clamp)
/// Matches torchzero `tz.m.ClipValue` (modules/clipping/clipping.py). It clips whatever it
/// receives: the gradient when first in a chain, Adam's step when after `adam`.
/// kind: elementwise. state: none.
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct clip_value {
    double value = std::numeric_limits<double>::quiet_NaN();  ///< required, as in torchzero

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "clip_value";
    static constexpr auto hyperparameters() { return std::tuple{field{"value", &clip_value::value}}; }

    constexpr void validate() const {
        detail::check(value >= 0, "tzero: clip_value: value must be >= 0 (write clip_value(1))", value);
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0>, no_coeffs) const {
        return math::clamp(u, V(-value), V(value));
    }
};

}  // namespace tzero
