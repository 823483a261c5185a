/// @file tzero/modules/step_size/lr.hpp
/// LR: multiplies the update by the learning rate, a number or a schedule of the step.
///   u ← lr · u                 lr(0.1)
///   u ← lr(t) · u              lr(cosine_schedule{.peak_lr = 0.1, .total_steps = 1000})
/// Matches torchzero `tz.m.LR` (modules/step_size/lr.py); the optimizer then does p ← p − u,
/// so `adam() | lr(0.1)` is Adam with step size 0.1. torchzero skips the product when lr is 1;
/// a product by 1 is exact, so results agree. torchzero schedules `lr` with a torch scheduler
/// on the param group; tzero holds the schedule in the module (core/schedule.hpp,
/// docs/schedules.md): it is evaluated once per step on the host, and `lr(0.1)` is `lr<double>`,
/// the same code as before schedules existed. `opt.chain().get<lr>()` finds either.
/// kind: elementwise. state: none.
#pragma once
#include <limits>
#include <tuple>
#include <type_traits>

#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/schedule.hpp>

namespace tzero {

template <class Lr = double>
struct lr {
    static_assert(scalar_or_schedule<Lr>,
                  "tzero: lr: the learning rate must be a number or a schedule (write lr(0.1) or "
                  "lr(cosine_schedule{.peak_lr = 0.1, .total_steps = 1000}))");
    std::type_identity_t<Lr> lr = required_value<Lr>;  ///< required, as in torchzero

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "lr";
    static constexpr auto hyperparameters() { return std::tuple{field{"lr", &lr::lr}}; }

    constexpr void validate() const {
        validate_value(
            lr, [](double x) { return x >= 0 && x < std::numeric_limits<double>::infinity(); },
            "tzero: lr: lr must be a finite number >= 0 (write lr(0.1))");
    }
    step_value_t<Lr> per_step(long t) const
        requires schedule<Lr>
    {
        return per_step_value(lr, t);
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0>, step_value_t<Lr> k) const {
        return u * V(current_value(lr, k));
    }
};
template <class L>
lr(L) -> lr<scalar_or_schedule_t<L>>;

}  // namespace tzero
