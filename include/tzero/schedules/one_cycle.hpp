/// @file tzero/schedules/one_cycle.hpp
/// one_cycle: the 1cycle policy (Smith & Topin 2017), as torch's `OneCycleLR` computes it.
///   initial = max_lr / div_factor        final = initial / final_div_factor
///   phases, each annealing by cosine  a(x, y, p) = y + (x − y)/2 · (cos(π·p) + 1):
///     two phases (default):  initial → max_lr until step  pct_start·T − 1,  max_lr → final until T − 1
///     three_phase:           initial → max_lr until pct_start·T − 1, max_lr → initial until
///                            2·pct_start·T − 2, initial → final until T − 1
///   s(t) = a(start, end, (s − phase start) / (phase end − phase start)),   s = t − 1, T = total_steps
/// Matches torch's `OneCycleLR(max_lr, total_steps, pct_start, anneal_strategy='cos', div_factor,
/// final_div_factor, three_phase)` with its defaults, for t = 1 … T (torch's `last_epoch = t − 1`;
/// tests/schedules/). Differences: past step T torch raises (or, at t = T + 1, extrapolates the
/// cosine), tzero stays at `final`; torch's momentum cycling is not part of an lr schedule; and
/// tzero requires each phase to be at least one step long (`pct_start·T > 1`, and shorter than
/// the run), where torch divides by zero or skips the warm-up.
#pragma once
#include <cmath>
#include <limits>
#include <numbers>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/hyperparameter.hpp>

namespace tzero {

struct one_cycle {
    double max_lr = std::numeric_limits<double>::quiet_NaN();  ///< required: the peak value
    long total_steps = 0;                                      ///< required: the cycle's length
    double pct_start = 0.3;                                    ///< the fraction of the cycle spent rising
    double div_factor = 25;                                    ///< initial = max_lr / div_factor
    double final_div_factor = 1e4;                             ///< final = initial / final_div_factor
    bool three_phase = false;  ///< fall back to initial before annealing to final (fastai's variant)

    static constexpr char const* name = "one_cycle";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"max_lr", &one_cycle::max_lr},
                          field{"total_steps", &one_cycle::total_steps},
                          field{"pct_start", &one_cycle::pct_start},
                          field{"div_factor", &one_cycle::div_factor},
                          field{"final_div_factor", &one_cycle::final_div_factor},
                          field{"three_phase", &one_cycle::three_phase}};
    }

    constexpr void validate() const {
        constexpr double inf = std::numeric_limits<double>::infinity();
        detail::check(max_lr >= 0 && max_lr < inf,
                      "tzero: one_cycle: max_lr must be a finite number >= 0 "
                      "(write one_cycle{.max_lr = 0.01, .total_steps = 1000})",
                      max_lr);
        detail::check(
            total_steps >= 1,
            "tzero: one_cycle: total_steps must be >= 1 (write one_cycle{.max_lr = 0.01, .total_steps = 1000})",
            double(total_steps));
        detail::check(div_factor > 0 && div_factor < inf, "tzero: one_cycle: div_factor must be a finite number > 0",
                      div_factor);
        detail::check(final_div_factor > 0 && final_div_factor < inf,
                      "tzero: one_cycle: final_div_factor must be a finite number > 0", final_div_factor);
        detail::check(pct_start >= 0 && pct_start <= 1, "tzero: one_cycle: pct_start must be in [0, 1]", pct_start);
        detail::check(pct_start * double(total_steps) > 1,
                      "tzero: one_cycle: pct_start * total_steps must be > 1, so the rise has a step "
                      "(raise pct_start or total_steps)",
                      pct_start * double(total_steps));
        double const last_turn =
            three_phase ? 2 * pct_start * double(total_steps) - 2 : pct_start * double(total_steps) - 1;
        detail::check(last_turn < double(total_steps - 1),
                      three_phase
                          ? "tzero: one_cycle: 2 * pct_start * total_steps must be < total_steps + 1, so the "
                            "last phase has a step (lower pct_start)"
                          : "tzero: one_cycle: pct_start must be < 1, so the decay has a step (lower pct_start)",
                      pct_start);
    }
    double operator()(long t) const {
        double const initial = max_lr / div_factor, end_lr = initial / final_div_factor;
        double const s = double(t - 1), rise_end = pct_start * double(total_steps) - 1, last = double(total_steps - 1);
        if (s >= last) return end_lr;
        if (s <= rise_end) return anneal(initial, max_lr, s / rise_end);
        if (!three_phase) return anneal(max_lr, end_lr, (s - rise_end) / (last - rise_end));
        double const fall_end = 2 * pct_start * double(total_steps) - 2;
        if (s <= fall_end) return anneal(max_lr, initial, (s - rise_end) / (fall_end - rise_end));
        return anneal(initial, end_lr, (s - fall_end) / (last - fall_end));
    }

  private:
    // torch's `_annealing_cos`, term for term
    static double anneal(double start, double end, double pct) {
        return end + (start - end) / 2.0 * (std::cos(std::numbers::pi * pct) + 1);
    }
};

}  // namespace tzero
