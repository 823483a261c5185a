/// @file tzero/modules/ops/lerp_modules.hpp
/// LerpModules: interpolates between what two chains of modules make of the update.
///   u ← input(u) + weight·(end(u) − input(u))        (torch.lerp with a scalar weight)
/// The incoming update is only the chains' input: `lerp_modules(adam(), sign(), 0.25)` steps a
/// quarter of the way from Adam's step to the sign. Both chains (branches, core/branch.hpp) keep
/// their state in this module's slots, input's first, and are inlined into the same pass. `lerp`
/// is the form that interpolates from the update itself.
/// Matches torchzero `tz.m.LerpModules(input, end, weight)` (modules/ops/multi.py).
/// kind: elementwise. state: input's, then end's.
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

template <operand Input, operand End>
struct lerp_modules {
    static_assert(detail::is_branch<Input> && detail::is_branch<End>,
                  "tzero: lerp_modules: input and end must be modules or chains "
                  "(write lerp_modules(adam(), sign(), 0.5))");
    Input input;
    End end;
    double weight = std::numeric_limits<double>::quiet_NaN();  ///< required, as in torchzero

    using kind = elementwise;
    static constexpr int state_slots = state_slots_of<lerp_modules>;
    static constexpr char const* name = "lerp_modules";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"input", &lerp_modules::input}, field{"end", &lerp_modules::end},
                          field{"weight", &lerp_modules::weight}};
    }

    constexpr void validate() const {
        detail::check(weight - weight == 0,
                      "tzero: lerp_modules: weight must be a finite number (write lerp_modules(adam(), sign(), 0.5))",
                      weight);
    }
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, auto const& k) const {
        return math::lerp(value_of<&lerp_modules::input>(*this, k, u, e), value_of<&lerp_modules::end>(*this, k, u, e),
                          weight);
    }
};
template <class I, class E>
lerp_modules(I, E, double) -> lerp_modules<operand_t<I>, operand_t<E>>;

}  // namespace tzero
