/// @file tzero/core/termination.hpp
/// Termination criteria: modules that say, after a step, that a run should stop (torchzero's
/// `TerminationCriteriaBase` and its subclasses, modules/termination/termination.py).
///
///     tzero::optimizer opt(lbfgs() | strong_wolfe() | terminate_by_gradient_norm(1e-8), params);
///     do opt.step(closure); while (!opt.should_terminate());
///
/// A criterion is an elementwise identity in the chain (core/module.hpp, `termination_module`):
/// the passes compile it away, so it costs no pass and no stream unless it keeps a state slot
/// (terminate_by_update_norm's previous parameters, written where the pass reads p anyway). After
/// every applied step the optimizer asks each criterion of its chain, in order,
/// `criterion(ctx, scalars, first_slot)`: `ctx` is what the step knew (below), `scalars` its
/// `host_slots` persistent scalars (zero at the start, saved by checkpoints, put back with the
/// rest when a closure throws), `first_slot` its first state slot in the chain. A criterion that
/// holds `n` asks for that many hits in a row (torchzero's `n`; 1 without one). The step then
/// reports `should_terminate()`: some criterion of the chain hit its count.
///
/// The norms a criterion needs cost a pass of their own, run only by the criteria that ask, on
/// the backend's fixed-order reductions (results independent of the thread count): the gradient
/// metric reads g (one stream); the update metric reads p and the slot (two).
#pragma once
#include <cstddef>
#include <type_traits>
#include <utility>

#include <tzero/core/chain.hpp>
#include <tzero/core/metric.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/plan.hpp>

namespace tzero {

/// What a termination criterion sees after a step. `Ops` gives the metrics that need a pass.
template <class Ops>
struct termination_context {
    long step;         ///< steps taken, this one included (1 after the first)
    long evaluations;  ///< closure evaluations so far, this step's included (0 without a closure)
    double loss;       ///< the step's loss (its first evaluation's); NaN when it was given none
    double now;        ///< wall-clock seconds (the system clock, as torchzero's `time.time()`)
    Ops& ops;
    std::size_t elements = 0;  ///< elements of every parameter together
    double tiny = 0;           ///< the parameters' smallest normal (torchzero's finfo(dtype).tiny)

    /// `m` of the gradient the step was computed from (torchzero's `objective.get_grads()`).
    double gradient_metric(metric m) const { return ops.gradient_metric(m); }
    /// `m` of p − (state slot `slot`) over every element, p the parameters after the step.
    double update_metric(metric m, int slot) const { return ops.update_metric(m, slot); }
};

namespace detail {
/// The hits in a row a criterion asks for: its `n`, else 1.
template <class M>
long hits_required(M const& m) {
    if constexpr (requires { m.n; }) return long(m.n);
    else return 1;
}

/// Asks criterion `m` (its scalars at `row`: the count of hits in a row, then its own) and counts
/// its hits: true when it hit `n` times in a row, and the count starts again.
template <class M, class C>
bool ask_criterion(M const& m, C& ctx, double* row, int first_slot) {
    double& hits = row[0];
    if (!m.criterion(ctx, row + 1, first_slot)) {
        hits = 0;
        return false;
    }
    if (++hits < double(hits_required(m))) return false;
    hits = 0;
    return true;
}
}  // namespace detail

/// Asks every termination criterion of `c` in order (each one, even after a hit: their counters
/// advance every step); `row` is the chain's global scalar row. True when one of them hit.
template <class... Ms, class C>
bool ask_termination_criteria(chain<Ms...> const& c, C& ctx, double* row) {
    using P = plan_of<chain<Ms...>>;
    bool stop = false;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (
            [&] {
                if constexpr (termination_module<std::remove_cvref_t<decltype(c.template get<I>())>>)
                    stop |= detail::ask_criterion(c.template get<I>(), ctx, row + P::reduce_slot_offset[I],
                                                  P::slot_offset[I]);
            }(),
            ...);
    }(std::index_sequence_for<Ms...>{});
    return stop;
}

}  // namespace tzero
