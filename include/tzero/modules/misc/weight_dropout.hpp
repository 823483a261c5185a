/// @file tzero/modules/misc/weight_dropout.hpp
/// WeightDropout: the closure evaluated with each weight zeroed with probability p.
///   m = [x ≥ p], x ~ U[0, 1) at (seed, step, tensor, element);   loss, ∇ ← f(w ⊙ m), ∇f(w ⊙ m)
/// One mask a step: every evaluation of the step (a line search's trials too) sees the same, as
/// torchzero's mask made once in `update`. Each evaluation is one fused pass w ← w ⊙ m (w kept),
/// the closure, and w put back exactly; the gradient is the closure's at w ⊙ m, and the
/// modules after it read it. `step(closure)` returns f(w ⊙ m), the first call's value.
/// Mirrors torchzero `tz.m.WeightDropout(p=0.5)` (modules/misc/regularization.py), whose mask
/// is `bernoulli(p)`, ones with probability p, against its documented "probability that any
/// weight is replaced with 0": tzero implements the documented p (the same at the default 0.5;
/// docs/modules.md, divergences). torchzero draws from torch's generator and can exempt a
/// parameter group (`use_dropout`), which tzero's single chain has not.
/// kind: gradient approximator (first in its chain; step with `step(closure)`). state: none.
#pragma once
#include <cstdint>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/gradient_estimate.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/random.hpp>

namespace tzero {

struct weight_dropout {
    double p = 0.5;          ///< probability that a weight is zeroed in the step's evaluations
    std::uint64_t seed = 0;  ///< the masks' seed (mixed with the step)

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr bool approximates_gradient = true;
    static constexpr bool reshapes_loss = true;  // a line search's loss-only trials call `loss`
    static constexpr char const* name = "weight_dropout";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"p", &weight_dropout::p}, field{"seed", &weight_dropout::seed}};
    }

    constexpr void validate() const {
        detail::check(p >= 0 && p <= 1, "tzero: weight_dropout: p must be in [0, 1] (write weight_dropout{.p = 0.5})",
                      p);
    }

    /// The loss and gradient at w ⊙ m.
    template <class C>
    double estimate(C& ctx) const {
        return detail::evaluate_moved(ctx, true, [&] { mask(ctx); });
    }
    /// The loss alone at w ⊙ m (a line search's loss-only trial).
    template <class C>
    double loss(C& ctx) const {
        return detail::evaluate_moved(ctx, false, [&] { mask(ctx); });
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0>, no_coeffs) const {
        return u;
    }

  private:
    /// w ← w ⊙ m, m the step's mask.
    template <class C>
    void mask(C& ctx) const {
        ctx.move_to([key = random::step_key(seed, ctx.step()), drop = p]<class V>(V w, position at) {
            using T = math::scalar_t<V>;
            return V(w * math::mask<V>(random::uniform<V>(key, at) >= V(T(drop))));
        });
    }
};

}  // namespace tzero
