/// @file tzero/modules/step_size/warmup_norm_clip.hpp
/// WarmupNormClip: warm-up by clipping the update's norm to a limit that rises linearly from
/// `start_norm` to `end_norm` over `steps` steps; after that the update is left alone.
///   k = t − 1 (steps already taken);  for k ≤ steps:
///     m = start_norm + (end_norm − start_norm)·k/steps,  n = ‖u‖₂ over all parameters
///     u ← u·m/n if n > m
/// Matches torchzero `tz.m.WarmupNormClip(steps=100, start_norm=1e-5, end_norm=1)`
/// (modules/step_size/lr.py): its counter is the number of earlier calls, so the first step
/// clips to `start_norm` and step `steps + 1` to `end_norm`. torchzero divides by zero for
/// steps = 0; tzero asks for steps >= 1. Once warm-up is over the plan still sums ‖u‖² (the
/// pass is part of the chain's type); the factor is then 1.
/// kind: reduce (global; one sum, u²). state: none.
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>

namespace tzero {

struct warmup_norm_clip {
    long steps = 100;
    double start_norm = 1e-5;  ///< the limit on the first step
    double end_norm = 1;       ///< the limit on step `steps + 1`, the last one clipped

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "warmup_norm_clip";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"steps", &warmup_norm_clip::steps}, field{"start_norm", &warmup_norm_clip::start_norm},
                          field{"end_norm", &warmup_norm_clip::end_norm}};
    }

    constexpr void validate() const {
        constexpr double inf = std::numeric_limits<double>::infinity();
        detail::check(steps >= 1, "tzero: warmup_norm_clip: steps must be >= 1 (write warmup_norm_clip{.steps = 100})",
                      double(steps));
        detail::check(start_norm >= 0 && start_norm < inf,
                      "tzero: warmup_norm_clip: start_norm must be a finite number >= 0", start_norm);
        detail::check(end_norm >= 0 && end_norm < inf, "tzero: warmup_norm_clip: end_norm must be a finite number >= 0",
                      end_norm);
    }
    template <class V>
    TZERO_HD V reduce_term(V u, element<V, 0>, no_coeffs) const {
        return u * u;
    }

    /// m/n where the norm n exceeds the limit m of this step, else 1.
    TZERO_HD double finalize(reduction<1> r) const {
        long const k = r.step - 1;
        if (k > steps) return 1;
        double const limit = start_norm + (end_norm - start_norm) * (double(k) / double(steps));  // torchzero's order
        double const norm = math::sqrt(r.sum[0]);
        return norm > limit ? limit / norm : 1;
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0> e, no_coeffs) const {
        return u * e.reduced;
    }
};

}  // namespace tzero
