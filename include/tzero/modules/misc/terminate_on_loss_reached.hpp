/// @file tzero/modules/misc/terminate_on_loss_reached.hpp
/// TerminateOnLossReached: stop once the loss is at or below `value`.
///   hit ⇔ f ≤ value   (f the step's loss: its first evaluation's; a NaN never hits)
/// A termination criterion (core/termination.hpp): an identity on the update, asked after every
/// step; it reads the loss that `step(closure)` or `step(grads, loss)` gives. Matches torchzero
/// `tz.m.TerminateOnLossReached(value)` (modules/termination/termination.py).
/// kind: termination criterion. state: none.
#pragma once
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct terminate_on_loss_reached {
    double value = __builtin_nan("");  ///< the loss to reach

    using kind = elementwise;
    static constexpr bool terminates = true;
    static constexpr int state_slots = 0, host_slots = 0;
    static constexpr char const* name = "terminate_on_loss_reached";
    static constexpr auto hyperparameters() { return std::tuple{field{"value", &terminate_on_loss_reached::value}}; }
    constexpr void validate() const {
        detail::check(value == value,
                      "tzero: terminate_on_loss_reached: value must be a number (write "
                      "terminate_on_loss_reached(1e-6))",
                      value);
    }

    template <class C>
    bool criterion(C const& ctx, double*, int) const {
        return ctx.loss <= value;
    }
    template <class V, class E, class K>
    TZERO_HD V apply(V u, E const&, K const&) const {
        return u;
    }
};

}  // namespace tzero
