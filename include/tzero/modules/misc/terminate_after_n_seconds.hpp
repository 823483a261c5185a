/// @file tzero/modules/misc/terminate_after_n_seconds.hpp
/// TerminateAfterNSeconds: stop once `seconds` of wall time have passed since the first step.
///   first step: t₀ ← now, no hit;   later: hit ⇔ now − t₀ ≥ seconds
/// A termination criterion (core/termination.hpp): an identity on the update, asked after every
/// step, on the system clock (t₀ is saved by checkpoints, so a resumed run counts the time since
/// the first run's first step). Matches torchzero `tz.m.TerminateAfterNSeconds(seconds)`
/// (modules/termination/termination.py; `time.time()`).
/// kind: termination criterion. state: none (host: t₀).
#pragma once
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct terminate_after_n_seconds {
    double seconds = 0;  ///< wall time to run

    using kind = elementwise;
    static constexpr bool terminates = true;
    static constexpr int state_slots = 0, host_slots = 1;  // t₀ (0: not started)
    static constexpr char const* name = "terminate_after_n_seconds";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"seconds", &terminate_after_n_seconds::seconds}};
    }
    constexpr void validate() const {
        detail::check(seconds >= 0, "tzero: terminate_after_n_seconds: seconds must be 0 or more (inf: never)",
                      seconds);
    }

    template <class C>
    bool criterion(C const& ctx, double* start, int) const {
        if (start[0] == 0) {
            start[0] = ctx.now;
            return false;
        }
        return ctx.now - start[0] >= seconds;
    }
    template <class V, class E, class K>
    TZERO_HD V apply(V u, E const&, K const&) const {
        return u;
    }
};

}  // namespace tzero
