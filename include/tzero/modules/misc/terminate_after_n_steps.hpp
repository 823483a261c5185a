/// @file tzero/modules/misc/terminate_after_n_steps.hpp
/// TerminateAfterNSteps: stop after `steps` steps.
///   hit ⇔ k ≥ steps,   k = the steps this criterion has seen, this one included
/// A termination criterion (core/termination.hpp): an identity on the update, asked after every
/// step. Matches torchzero `tz.m.TerminateAfterNSteps(steps)` (modules/termination/termination.py)
/// but for its count, which starts at 0 and so stops after steps + 1 (docs/modules.md).
/// kind: termination criterion. state: none (host: the step count).
#pragma once
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct terminate_after_n_steps {
    long steps = 0;  ///< the steps to take

    using kind = elementwise;
    static constexpr bool terminates = true;
    static constexpr int state_slots = 0, host_slots = 1;  // the count
    static constexpr char const* name = "terminate_after_n_steps";
    static constexpr auto hyperparameters() { return std::tuple{field{"steps", &terminate_after_n_steps::steps}}; }
    constexpr void validate() const {
        detail::check(steps >= 0, "tzero: terminate_after_n_steps: steps must be 0 or more", double(steps));
    }

    template <class C>
    bool criterion(C const&, double* count, int) const {
        return ++count[0] >= double(steps);
    }
    template <class V, class E, class K>
    TZERO_HD V apply(V u, E const&, K const&) const {
        return u;
    }
};

}  // namespace tzero
