/// @file tzero/modules/misc/restart_on_stuck.hpp
/// RestartOnStuck: reset the chain when the parameters stop moving (core/restart.hpp).
///   a step is stuck when max|p_after − p_before| ≤ tol; reset after `n_tol` stuck steps in a row
/// counted as torchzero counts them: the test after step k reads step k − 1's change (torchzero
/// compares the parameters with the last step's at the start of a step), and the first step after
/// a reset is not tested. tol = -1 is torchzero's None: 2·tiny of the parameters' type. An
/// identity that keeps p_before in a state slot, written by the pass where it sits (place it
/// before a line search: that pass reads p anyway); the change is one pass over p and the slot,
/// run after every step.
/// Matches torchzero `tz.m.RestartOnStuck(None, tol=None, n_tol=10)` (modules/restarts/restars.py,
/// the `modules=None` form); its form with an inner chain is not offered yet.
/// kind: restart strategy (elementwise), 3 host scalars (steps since the reset, the last step's
/// verdict, stuck steps in a row). state: p_before.
#pragma once
#include <tuple>

#include <tzero/core/config.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/metric.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct restart_on_stuck {
    double tol = -1;  ///< a step is stuck when no element moved more than this; -1: 2·tiny
    long n_tol = 10;  ///< stuck steps in a row that reset the chain

    using kind = elementwise;
    static constexpr bool restarts = true, uses_param = true;
    static constexpr int state_slots = 1, host_slots = 3;
    static constexpr char const* name = "restart_on_stuck";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"tol", &restart_on_stuck::tol}, field{"n_tol", &restart_on_stuck::n_tol}};
    }

    constexpr void validate() const {
        detail::check(tol >= 0 || tol == -1, "tzero: restart_on_stuck: tol must be >= 0, or -1 (2 * tiny)", tol);
        detail::check(n_tol >= 1, "tzero: restart_on_stuck: n_tol must be >= 1", double(n_tol));
    }

    template <class C>
    bool should_reset(C const& ctx, double* scalars, int first_slot) const {
        double& steps = scalars[0];   // since the last reset (torchzero's `step`)
        double& last = scalars[1];    // whether the previous step was stuck
        double& in_row = scalars[2];  // torchzero's `n_bad`
        bool const stuck = ctx.update_metric(metric(__builtin_inf()), first_slot) <= (tol == -1 ? 2 * ctx.tiny : tol);
        if (steps > 0) in_row = last != 0 ? in_row + 1 : 0;
        steps += 1;
        last = stuck;
        if (in_row < double(n_tol)) return false;
        steps = 0, in_row = 0;
        return true;
    }
    template <class V, class E, class K>
    TZERO_HD V apply(V u, E const& e, K const&) const {
        e.state[0] = e.p;  // p_before
        return u;
    }
};

}  // namespace tzero
