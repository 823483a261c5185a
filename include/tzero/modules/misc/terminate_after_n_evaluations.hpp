/// @file tzero/modules/misc/terminate_after_n_evaluations.hpp
/// TerminateAfterNEvaluations: stop once the closure has been evaluated `maxevals` times.
///   hit ⇔ evaluations ≥ maxevals   (every `step(closure)`'s calls so far, this step's included)
/// A termination criterion (core/termination.hpp): an identity on the update, asked after every
/// step; a chain stepped with gradients makes no evaluations. Matches torchzero
/// `tz.m.TerminateAfterNEvaluations(maxevals)` (modules/termination/termination.py), which reads
/// `num_evaluations` at its place in the chain: tzero counts the whole step's.
/// kind: termination criterion. state: none.
#pragma once
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct terminate_after_n_evaluations {
    long maxevals = 0;  ///< the closure evaluations to make

    using kind = elementwise;
    static constexpr bool terminates = true;
    static constexpr int state_slots = 0, host_slots = 0;
    static constexpr char const* name = "terminate_after_n_evaluations";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"maxevals", &terminate_after_n_evaluations::maxevals}};
    }
    constexpr void validate() const {
        detail::check(maxevals >= 0, "tzero: terminate_after_n_evaluations: maxevals must be 0 or more",
                      double(maxevals));
    }

    template <class C>
    bool criterion(C const& ctx, double*, int) const {
        return ctx.evaluations >= maxevals;
    }
    template <class V, class E, class K>
    TZERO_HD V apply(V u, E const&, K const&) const {
        return u;
    }
};

}  // namespace tzero
