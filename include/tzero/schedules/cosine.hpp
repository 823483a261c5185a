/// @file tzero/schedules/cosine.hpp
/// cosine_schedule: optional linear warm-up from `init_lr` to `peak_lr`, then cosine decay to `min_lr`.
///   with s = t − 1 (the number of steps already taken; t is tzero's 1-based step):
///   s < W:      init_lr + (peak_lr − init_lr) · s / W                              W = warmup_steps
///   W ≤ s < T:  min_lr + (peak_lr − min_lr) · (1 + cos(π · (s − W) / (T − W))) / 2   T = total_steps
///   s ≥ T:      min_lr
/// Without warm-up it equals torch's `CosineAnnealingLR(T_max=T, eta_min=min_lr)` on a base lr of
/// `peak_lr` for t = 1 … T + 1 (torch's recursive form agrees to rounding; tests/schedules/); past
/// T torch's cosine rises again, tzero's stays at `min_lr`. With warm-up it is torch's
/// `LinearLR` then `CosineAnnealingLR(T_max=T − W)` (transformers' `get_cosine_schedule_with_warmup`
/// when init_lr = min_lr = 0).
#pragma once
#include <cmath>
#include <limits>
#include <numbers>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/hyperparameter.hpp>

namespace tzero {

struct cosine_schedule {
    double peak_lr = std::numeric_limits<double>::quiet_NaN();  ///< required: the value after warm-up
    long total_steps = 0;                                       ///< required: where the decay ends
    long warmup_steps = 0;
    double init_lr = 0;  ///< the value at the first step (when warmup_steps > 0)
    double min_lr = 0;   ///< the value at step total_steps + 1 and after (torch's eta_min)

    static constexpr char const* name = "cosine_schedule";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"peak_lr", &cosine_schedule::peak_lr},
                          field{"total_steps", &cosine_schedule::total_steps},
                          field{"warmup_steps", &cosine_schedule::warmup_steps},
                          field{"init_lr", &cosine_schedule::init_lr}, field{"min_lr", &cosine_schedule::min_lr}};
    }

    constexpr void validate() const {
        constexpr double inf = std::numeric_limits<double>::infinity();
        detail::check(peak_lr >= 0 && peak_lr < inf,
                      "tzero: cosine_schedule: peak_lr must be a finite number >= 0 "
                      "(write cosine_schedule{.peak_lr = 0.1, .total_steps = 1000})",
                      peak_lr);
        detail::check(init_lr >= 0 && init_lr < inf, "tzero: cosine_schedule: init_lr must be a finite number >= 0",
                      init_lr);
        detail::check(min_lr >= 0 && min_lr < inf, "tzero: cosine_schedule: min_lr must be a finite number >= 0",
                      min_lr);
        detail::check(total_steps >= 1,
                      "tzero: cosine_schedule: total_steps must be >= 1 "
                      "(write cosine_schedule{.peak_lr = 0.1, .total_steps = 1000})",
                      double(total_steps));
        detail::check(warmup_steps >= 0 && warmup_steps <= total_steps,
                      "tzero: cosine_schedule: warmup_steps must be >= 0 and <= total_steps", double(warmup_steps));
    }
    double operator()(long t) const {
        long const s = t - 1;
        if (s < warmup_steps) return init_lr + (peak_lr - init_lr) * double(s) / double(warmup_steps);
        if (s >= total_steps) return min_lr;
        double const progress = double(s - warmup_steps) / double(total_steps - warmup_steps);
        return min_lr + (peak_lr - min_lr) * (1 + std::cos(std::numbers::pi * progress)) / 2;
    }
};

}  // namespace tzero
