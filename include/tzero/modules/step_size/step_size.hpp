/// @file tzero/modules/step_size/step_size.hpp
/// StepSize: multiplies the update by a step size, a number or a schedule of the step; `lr`
/// under another name.
///   u ← step_size · u          step_size(0.1), step_size(one_cycle{...})
/// Matches torchzero `tz.m.StepSize(step_size, key='step_size')` (modules/step_size/lr.py).
/// torchzero's `key` renames the setting in the param group so that a torch scheduler aimed at
/// `lr` leaves it alone; tzero has no param-group settings (a schedule lives in the module,
/// core/schedule.hpp), so there is no `key`. `get<step_size>()` finds it in a chain.
/// kind: elementwise. state: none.
#pragma once
#include <limits>
#include <tuple>
#include <type_traits>

#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/schedule.hpp>

namespace tzero {

template <class S = double>
struct step_size {
    static_assert(scalar_or_schedule<S>,
                  "tzero: step_size: the step size must be a number or a schedule (write step_size(0.1))");
    std::type_identity_t<S> step_size = required_value<S>;  ///< required, as in torchzero

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "step_size";
    static constexpr auto hyperparameters() { return std::tuple{field{"step_size", &step_size::step_size}}; }

    constexpr void validate() const {
        validate_value(
            step_size, [](double x) { return x >= 0 && x < std::numeric_limits<double>::infinity(); },
            "tzero: step_size: step_size must be a finite number >= 0 (write step_size(0.1))");
    }
    step_value_t<S> per_step(long t) const
        requires schedule<S>
    {
        return per_step_value(step_size, t);
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0>, step_value_t<S> k) const {
        return u * V(current_value(step_size, k));
    }
};
template <class S>
step_size(S) -> step_size<scalar_or_schedule_t<S>>;

}  // namespace tzero
