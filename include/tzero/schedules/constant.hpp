/// @file tzero/schedules/constant.hpp
/// constant_schedule: the same value at every step.
///   s(t) = value
/// torch: no scheduler (or `torch.optim.lr_scheduler.ConstantLR(factor=1)`). Mostly useful as
/// the simplest schedule in tests and to keep a chain's type when a schedule is switched off.
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/hyperparameter.hpp>

namespace tzero {

struct constant_schedule {
    double value = std::numeric_limits<double>::quiet_NaN();  ///< required

    static constexpr char const* name = "constant_schedule";
    static constexpr auto hyperparameters() { return std::tuple{field{"value", &constant_schedule::value}}; }

    constexpr void validate() const {
        detail::check(value >= 0 && value < std::numeric_limits<double>::infinity(),
                      "tzero: constant_schedule: value must be a finite number >= 0 "
                      "(write constant_schedule{.value = 0.1})",
                      value);
    }
    constexpr double operator()(long) const { return value; }
};

}  // namespace tzero
