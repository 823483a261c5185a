/// @file tzero/modules/misc/negate_on_loss_increase.hpp
/// NegateOnLossIncrease: one more evaluation, at the point the update leads to; if the loss rose,
/// the update is undone.
///   f₁ = f(p − u);   u ← u if f₁ ≤ f(p),  else −u (`backtrack`) or 0
/// (a NaN f₁ counts as a rise). A closure stage with a single loss-only trial at t = 1, whose
/// step size is then 1, −1 or 0: the modules after it run on t·u, and where it ends the chain the
/// parameters stay at the trial point or go back to p exactly. Matches torchzero
/// `tz.m.NegateOnLossIncrease(backtrack=False)` (modules/misc/multistep.py), which moves the
/// parameters back by adding u (p up to an ulp).
/// kind: closure stage (core/closure.hpp): 1 gradient and 1 loss per step. state: none.
#pragma once
#include <tuple>

#include <tzero/core/hyperparameter.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct negate_on_loss_increase {
    bool backtrack = false;  ///< a rise negates the update (true) or zeroes it (false)

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr bool drives_closure = true, uses_grad = true;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "negate_on_loss_increase";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"backtrack", &negate_on_loss_increase::backtrack}};
    }

    /// Closure evaluations a search makes at most (`describe_plan`).
    constexpr long max_trials() const { return 1; }

    /// The step size: 1 when f(p − u) ≤ f(p), else −1 or 0.
    template <class S>
    double search(S& s, double*) const {
        if (s.value(1) <= s.f0()) return 1;
        return backtrack ? -1 : 0;
    }
};

}  // namespace tzero
