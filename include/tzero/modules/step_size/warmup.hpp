/// @file tzero/modules/step_size/warmup.hpp
/// Warmup: multiplies the update by a factor that rises linearly from `start_lr` to `end_lr`
/// over `steps` steps, then stays at `end_lr`.
///   with k = t − 1 (steps already taken):  u ← (start_lr + (end_lr − start_lr) · min(k, steps)/steps) · u
/// Matches torchzero `tz.m.Warmup(steps=100, start_lr=1e-5, end_lr=1)` (modules/step_size/lr.py):
/// torchzero's counter is the number of earlier calls, k, so the first step uses `start_lr` and
/// step `steps + 1` the first `end_lr`. The factor is computed once per step on the host.
/// Put it next to `lr` (`adam() | lr(1e-2) | warmup{.steps = 1000}`), or use
/// `lr(linear_schedule{...})` for warm-up and decay in one (docs/schedules.md). torchzero divides
/// by zero for steps = 0; tzero asks for steps >= 1. Skipped steps (`nonfinite::skip`) do not
/// advance it, as they do not advance any module.
/// kind: elementwise. state: none.
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct warmup {
    long steps = 100;
    double start_lr = 1e-5;
    double end_lr = 1;

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "warmup";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"steps", &warmup::steps}, field{"start_lr", &warmup::start_lr},
                          field{"end_lr", &warmup::end_lr}};
    }

    constexpr void validate() const {
        constexpr double inf = std::numeric_limits<double>::infinity();
        detail::check(steps >= 1, "tzero: warmup: steps must be >= 1 (write warmup{.steps = 100})", double(steps));
        detail::check(start_lr >= 0 && start_lr < inf, "tzero: warmup: start_lr must be a finite number >= 0",
                      start_lr);
        detail::check(end_lr >= 0 && end_lr < inf, "tzero: warmup: end_lr must be a finite number >= 0", end_lr);
    }
    struct coeffs {
        double factor;
    };
    coeffs per_step(long t) const {
        long const k = t - 1;
        if (k > steps) return {end_lr};
        return {start_lr + (end_lr - start_lr) * (double(k) / double(steps))};  // torchzero's order
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0>, coeffs k) const {
        return u * V(k.factor);
    }
};

}  // namespace tzero
