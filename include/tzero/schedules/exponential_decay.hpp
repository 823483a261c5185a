/// @file tzero/schedules/exponential_decay.hpp
/// exponential_decay: the value multiplied by `gamma` every `transition_steps` steps.
///   with s = t − 1 (the number of steps already taken; t is tzero's 1-based step):
///   s(t) = lr · gamma^(s / transition_steps)          (staircase: the exponent floored)
/// Equals torch's `ExponentialLR(gamma)` (transition_steps = 1) and, with `staircase = true`,
/// `StepLR(step_size=transition_steps, gamma)`, on a base lr of `lr` (torch multiplies
/// recursively; the two agree to rounding, tests/schedules/). optax's `exponential_decay` without
/// its `transition_begin` and `end_value`.
#pragma once
#include <cmath>
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/hyperparameter.hpp>

namespace tzero {

struct exponential_decay {
    double lr = std::numeric_limits<double>::quiet_NaN();     ///< required: the value at the first step
    double gamma = std::numeric_limits<double>::quiet_NaN();  ///< required: the factor per transition
    long transition_steps = 1;
    bool staircase = false;  ///< decay in whole transitions (torch's StepLR) instead of smoothly

    static constexpr char const* name = "exponential_decay";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"lr", &exponential_decay::lr}, field{"gamma", &exponential_decay::gamma},
                          field{"transition_steps", &exponential_decay::transition_steps},
                          field{"staircase", &exponential_decay::staircase}};
    }

    constexpr void validate() const {
        constexpr double inf = std::numeric_limits<double>::infinity();
        detail::check(lr >= 0 && lr < inf,
                      "tzero: exponential_decay: lr must be a finite number >= 0 "
                      "(write exponential_decay{.lr = 0.1, .gamma = 0.99})",
                      lr);
        detail::check(gamma > 0 && gamma < inf,
                      "tzero: exponential_decay: gamma must be a finite number > 0 "
                      "(write exponential_decay{.lr = 0.1, .gamma = 0.99})",
                      gamma);
        detail::check(transition_steps >= 1, "tzero: exponential_decay: transition_steps must be >= 1",
                      double(transition_steps));
    }
    double operator()(long t) const {
        long const s = t - 1;
        if (staircase) return lr * std::pow(gamma, double(s / transition_steps));
        return lr * std::pow(gamma, double(s) / double(transition_steps));
    }
};

}  // namespace tzero
