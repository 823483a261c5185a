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
    static constexpr int state_slots = operand_slots<Input> + operand_slots<Min> + operand_slots<Max>;
    static constexpr bool uses_param = operand_uses_param<Input> || operand_uses_param<Min> || operand_uses_param<Max>;
    static constexpr bool uses_grad = operand_uses_grad<Input> || operand_uses_grad<Min> || operand_uses_grad<Max>;
    static constexpr char const* name = "clip_modules";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"input", &clip_modules::input}, field{"min", &clip_modules::min},
                          field{"max", &clip_modules::max}};
    }

    constexpr void validate() const {
        validate_operand(input, "");
        // a number bound may be infinite (no bound), not NaN
        if constexpr (std::same_as<Min, double>)
            detail::check(min == min, "tzero: clip_modules: min must be a number (write clip_modules(adam(), -1.0))",
                          min);
        else validate_operand(min, "");
        if constexpr (std::same_as<Max, double>)
            detail::check(max == max, "tzero: clip_modules: max must be a number (write clip_modules(adam(), -1.0, 1.0))",
                          max);
        else validate_operand(max, "");
        if constexpr (std::same_as<Min, double> && std::same_as<Max, double>)
            detail::check(min <= max, "tzero: clip_modules: max must be >= min", max);
    }
    struct coeffs {
        operand_coeffs<Input> input;
        operand_coeffs<Min> min;
        operand_coeffs<Max> max;
    };
    coeffs per_step(long t) const {
        return {operand_per_step(input, t), operand_per_step(min, t), operand_per_step(max, t)};
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, state_slots> e, coeffs const& k) const {
        constexpr int min_at = operand_slots<Input>, max_at = min_at + operand_slots<Min>;
        V const x = operand_value(input, k.input, u, e);
        V const lo = operand_value(min, k.min, u, e, min_at), hi = operand_value(max, k.max, u, e, max_at);
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
