/// @file tzero/modules/ops/clip_modules.hpp
/// ClipModules: what a chain makes of the update, clamped to bounds that are numbers or chains.
///   u ← min(max(input(u), min), max)        (NaN from either side stays NaN, as torch.clamp_min/max)
/// The incoming update is only the chains' input: `clip_modules(adam(), negate() | tzero::abs(),
/// tzero::abs())` limits Adam's step to [−|u|, |u|]. A bound left out is ±∞ (torchzero's None).
/// The chains (branches, core/branch.hpp) keep their state in this module's slots, input's
/// first, then min's, then max's, and are inlined into the same pass. As torch applies clamp_min
/// then clamp_max, a chain min above max gives max; two number bounds with min > max are
/// rejected, as by `clip`.
/// Matches torchzero `tz.m.ClipModules(input, min=None, max=None)` (modules/ops/multi.py).
/// kind: elementwise. state: input's, min's, then max's.
#pragma once
#include <concepts>
#include <limits>
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

namespace detail {
/// A number bound left out (±∞, torchzero's None), or a default chain.
template <operand O>
constexpr O unbounded(int sign) {
    if constexpr (is_branch<O>) return O{};
    else return sign * std::numeric_limits<double>::infinity();
}
}  // namespace detail

template <operand Input, operand Min = double, operand Max = double>
struct clip_modules {
    static_assert(detail::is_branch<Input>,
                  "tzero: clip_modules: input must be a module or a chain (write clip_modules(adam(), -1.0, 1.0), "
                  "or clip(-1, 1) to clamp the update itself)");
    Input input;
    Min min = detail::unbounded<Min>(-1);  ///< a number (−∞: no bound) or a chain
    Max max = detail::unbounded<Max>(1);   ///< a number (+∞: no bound) or a chain

    using kind = elementwise;
    static constexpr int state_slots = state_slots_of<clip_modules>;
    static constexpr char const* name = "clip_modules";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"input", &clip_modules::input}, field{"min", &clip_modules::min},
                          field{"max", &clip_modules::max}};
    }

    constexpr void validate() const {
        // a number bound may be infinite (no bound), not NaN
        if constexpr (std::same_as<Min, double>)
            detail::check(min == min, "tzero: clip_modules: min must be a number (write clip_modules(adam(), -1.0))",
                          min);
        else validate_operand(min, "");
        if constexpr (std::same_as<Max, double>)
            detail::check(max == max,
                          "tzero: clip_modules: max must be a number (write clip_modules(adam(), -1.0, 1.0))", max);
        else validate_operand(max, "");
        if constexpr (std::same_as<Min, double> && std::same_as<Max, double>)
            detail::check(min <= max, "tzero: clip_modules: max must be >= min", max);
    }
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, auto const& k) const {
        V const x = value_of<&clip_modules::input>(*this, k, u, e);
        V const lo = value_of<&clip_modules::min>(*this, k, u, e), hi = value_of<&clip_modules::max>(*this, k, u, e);
        return math::min(math::max(x, lo), hi);
    }
};
template <class I>
clip_modules(I) -> clip_modules<operand_t<I>>;
template <class I, class L>
clip_modules(I, L) -> clip_modules<operand_t<I>, operand_t<L>>;
template <class I, class L, class H>
clip_modules(I, L, H) -> clip_modules<operand_t<I>, operand_t<L>, operand_t<H>>;

}  // namespace tzero
