/// @file tzero/modules/misc/fill_loss.hpp
/// FillLoss: an update that is the loss everywhere.
///   u ← α·f                            (f: the loss given to `step(grads, loss)`)
/// Matches torchzero `tz.m.FillLoss(alpha=1, backward=True)` (modules/misc/misc.py); `backward`
/// is not a hyperparameter here (the loss is given). α·f is formed once per step in double.
/// kind: elementwise. state: none. reads: the loss (its chain is stepped with `step(grads, loss)`).
#pragma once
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct fill_loss {
    double alpha = 1;  ///< α

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "fill_loss";
    static constexpr auto hyperparameters() { return std::tuple{field{"alpha", &fill_loss::alpha}}; }

    constexpr void validate() const {
        detail::check(alpha - alpha == 0,
                      "tzero: fill_loss: alpha must be a finite number (write fill_loss{.alpha = 1})", alpha);
    }
    struct coeffs {
        double value;  ///< α·f
    };
    coeffs per_step(long, double loss) const { return {alpha * loss}; }
    template <class V>
    TZERO_HD V apply(V, element<V, 0>, coeffs const& k) const {
        return V(k.value);
    }
};

}  // namespace tzero
