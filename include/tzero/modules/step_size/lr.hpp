/// @file tzero/modules/step_size/lr.hpp
/// LR: multiplies the update by the learning rate.
///   u ← lr · u
/// Matches torchzero `tz.m.LR` (modules/step_size/lr.py); the optimizer then does p ← p − u,
/// so `adam() | lr(0.1)` is Adam with step size 0.1. torchzero skips the product when lr is 1;
/// a product by 1 is exact, so results agree.
/// kind: elementwise. state: none.
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct lr {
    double lr = std::numeric_limits<double>::quiet_NaN();  ///< required, as in torchzero

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "lr";
    static constexpr auto hyperparameters() { return std::tuple{field{"lr", &lr::lr}}; }

    constexpr void validate() const {
        detail::check(lr >= 0 && lr < std::numeric_limits<double>::infinity(),
                      "tzero: lr: lr must be a finite number >= 0 (write lr(0.1))", lr);
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0>, no_coeffs) const { return u * V(lr); }
};

}  // namespace tzero
