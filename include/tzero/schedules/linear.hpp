/// @file tzero/schedules/linear.hpp
/// linear_schedule: linear warm-up from `init_lr` to `peak_lr`, then linear decay to `end_lr`.
///   with s = t − 1 (the number of steps already taken; t is tzero's 1-based step):
///   s < W:      init_lr + (peak_lr − init_lr) · s / W                 W = warmup_steps
///   W ≤ s < T:  peak_lr + (end_lr − peak_lr) · (s − W) / (T − W)      T = total_steps
///   s ≥ T:      end_lr
/// With the defaults (init_lr = end_lr = 0) this is transformers' `get_linear_schedule_with_warmup`
/// times `peak_lr`. Without warm-up it equals torch's `LinearLR(start_factor=1,
/// end_factor=end_lr/peak_lr, total_iters=T)` on a base lr of `peak_lr` (tests/schedules/).
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/hyperparameter.hpp>

namespace tzero {

struct linear_schedule {
    double peak_lr = std::numeric_limits<double>::quiet_NaN();  ///< required: the value after warm-up
    long total_steps = 0;                                       ///< required: where the decay ends
    long warmup_steps = 0;
    double init_lr = 0;  ///< the value at the first step (when warmup_steps > 0)
    double end_lr = 0;   ///< the value at step total_steps + 1 and after

    static constexpr char const* name = "linear_schedule";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"peak_lr", &linear_schedule::peak_lr},
                          field{"total_steps", &linear_schedule::total_steps},
                          field{"warmup_steps", &linear_schedule::warmup_steps},
                          field{"init_lr", &linear_schedule::init_lr}, field{"end_lr", &linear_schedule::end_lr}};
    }

    constexpr void validate() const {
        constexpr double inf = std::numeric_limits<double>::infinity();
        detail::check(peak_lr >= 0 && peak_lr < inf,
                      "tzero: linear_schedule: peak_lr must be a finite number >= 0 "
                      "(write linear_schedule{.peak_lr = 0.1, .total_steps = 1000})",
                      peak_lr);
        detail::check(init_lr >= 0 && init_lr < inf, "tzero: linear_schedule: init_lr must be a finite number >= 0",
                      init_lr);
        detail::check(end_lr >= 0 && end_lr < inf, "tzero: linear_schedule: end_lr must be a finite number >= 0",
                      end_lr);
        detail::check(total_steps >= 1,
                      "tzero: linear_schedule: total_steps must be >= 1 "
                      "(write linear_schedule{.peak_lr = 0.1, .total_steps = 1000})",
                      double(total_steps));
        detail::check(warmup_steps >= 0 && warmup_steps <= total_steps,
                      "tzero: linear_schedule: warmup_steps must be >= 0 and <= total_steps", double(warmup_steps));
    }
    double operator()(long t) const {
        long const s = t - 1;
        if (s < warmup_steps) return init_lr + (peak_lr - init_lr) * double(s) / double(warmup_steps);
        if (s < total_steps)
            return peak_lr + (end_lr - peak_lr) * double(s - warmup_steps) / double(total_steps - warmup_steps);
        return end_lr;
    }
};

}  // namespace tzero
