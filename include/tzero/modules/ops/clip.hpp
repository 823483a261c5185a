/// @file tzero/modules/ops/clip.hpp
/// Clip: clamps every element of the update to [min, max].
///   u ← clamp(u, min, max)        (NaN stays NaN, as torch.clamp)
/// Matches torchzero `tz.m.Clip(min=None, max=None)` with numbers (modules/ops/binary.py); an
/// omitted bound is ±∞ here. torch.clamp gives `max` everywhere when min > max; tzero rejects
/// such bounds. torchzero's bounds may also be module chains; that form comes with the
/// combinators. `clip_value(v)` (clipping/clip_value.hpp) is `clip(−v, v)`.
/// kind: elementwise. state: none.
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct clip {
    double min = -std::numeric_limits<double>::infinity();
    double max = std::numeric_limits<double>::infinity();

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "clip";
    static constexpr auto hyperparameters() { return std::tuple{field{"min", &clip::min}, field{"max", &clip::max}}; }

    constexpr void validate() const {
        detail::check(min == min, "tzero: clip: min must be a number (write clip(-1, 1))", min);
        detail::check(max == max, "tzero: clip: max must be a number (write clip(-1, 1))", max);
        detail::check(min <= max, "tzero: clip: max must be >= min", max);
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0>, no_coeffs) const {
        return math::clamp(u, V(min), V(max));
    }
};

}  // namespace tzero
