/// @file tzero/core/restart.hpp
/// Restart strategies: modules that decide, after a step, that the chain should start again
/// (torchzero's `RestartStrategyBase` and its subclasses, modules/restarts/restars.py, in their
/// `modules=None` form: reset every other module after the step).
///
///     tzero::optimizer opt(polak_ribiere() | restart_every{.steps = 20} | strong_wolfe(), params);
///
/// A strategy is a module of the chain (core/module.hpp, `restart_module`); after every applied
/// step the optimizer asks each one, in order, `should_reset(ctx, scalars, first_slot)` with the
/// termination criteria's context (core/termination.hpp) and its own persistent scalars. When one
/// says yes, the optimizer resets the chain: every state slot and persistent scalar of every
/// module but the strategies is zeroed (a dense stage's matrix too), and the chain's step count
/// starts again, so that the next step is step 1 to every module (bias corrections, schedules,
/// first-step rules), as a fresh optimizer's would be. The step of the last reset is the first
/// strategy's first scalar: checkpointed, and put back with the rest when a closure throws. A
/// reset writes every slot once (a pass of writes), on the steps that reset only.
#pragma once
#include <cstddef>
#include <type_traits>
#include <utility>

#include <tzero/core/chain.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/plan.hpp>

namespace tzero {

/// Asks every restart strategy of `c` in order (each one, even after a yes: their counters advance
/// every step); `row` is the chain's global scalar row, a strategy's own scalars after its first
/// (the step of the last reset). True when one of them asks for a reset.
template <class... Ms, class C>
bool ask_restart_strategies(chain<Ms...> const& c, C& ctx, double* row) {
    using P = plan_of<chain<Ms...>>;
    bool reset = false;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (
            [&] {
                if constexpr (restart_module<std::remove_cvref_t<decltype(c.template get<I>())>>)
                    reset |=
                        c.template get<I>().should_reset(ctx, row + P::reduce_slot_offset[I] + 1, P::slot_offset[I]);
            }(),
            ...);
    }(std::index_sequence_for<Ms...>{});
    return reset;
}

}  // namespace tzero
