/// @file tzero/modules/weight_decay/random_reinitialize.hpp
/// RandomReinitialize: now and then, sends a random part of the parameters back to where they
/// started (or to a slow average of them).
///   p₀ ← p on the first step; every `store_every` steps (0: never) p₀ ← lerp(p₀, p, 1 − β)
///   with probability p_reinit a step reinitializes: m = [x < p_weights], x ~ U[0, 1) per element
///   u ← u + m·(p − p₀)        on a step that reinitializes; u otherwise
/// so the step lands on p₀ − u at the chosen elements. Deterministic given `seed`: the trigger is a
/// function of (seed, step), the mask of (seed, step, tensor, element) (core/random.hpp).
/// Mirrors torchzero `tz.m.RandomReinitialize(p_reinit=0.01, p_weights=0.1, store_every=None,
/// beta=0, reset=False, seed=None)` (modules/weight_decay/reinit.py), which writes p ← p₀ at the
/// mask in place and is placed first. tzero's one parameter write is p − u, so the reset is an
/// update term that no later module may scale: put `random_reinitialize` LAST (as
/// direct_weight_decay); the two agree while no module after torchzero's reads the parameters.
/// `reset` (clearing the other modules' state) is not supported. torchzero draws from torch's
/// generator: the same distribution, other values.
/// kind: elementwise. state: 1 slot (p₀). reads: the parameter.
#pragma once
#include <cstdint>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/random.hpp>

namespace tzero {

struct random_reinitialize {
    double p_reinit = 0.01;  ///< probability that a step reinitializes
    double p_weights = 0.1;  ///< probability that an element is reset when it does
    long store_every = 0;    ///< p₀ ← lerp(p₀, p, 1 − β) every this many steps (0: torchzero's None)
    double beta = 0;
    std::uint64_t seed = 0;

    using kind = elementwise;
    static constexpr int state_slots = 1;
    static constexpr bool uses_param = true;
    static constexpr char const* name = "random_reinitialize";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"p_reinit", &random_reinitialize::p_reinit},
                          field{"p_weights", &random_reinitialize::p_weights},
                          field{"store_every", &random_reinitialize::store_every},
                          field{"beta", &random_reinitialize::beta}, field{"seed", &random_reinitialize::seed}};
    }

    constexpr void validate() const {
        detail::check(p_reinit >= 0 && p_reinit <= 1, "tzero: random_reinitialize: p_reinit must be in [0, 1]",
                      p_reinit);
        detail::check(p_weights >= 0 && p_weights <= 1, "tzero: random_reinitialize: p_weights must be in [0, 1]",
                      p_weights);
        detail::check(store_every >= 0, "tzero: random_reinitialize: store_every must be >= 0 (0: never)",
                      double(store_every));
        detail::check(beta >= 0 && beta <= 1, "tzero: random_reinitialize: beta must be in [0, 1]", beta);
    }
    struct coeffs {
        std::uint64_t key;
        bool first;    ///< p₀ ← p
        bool store;    ///< p₀ ← lerp(p₀, p, 1 − β)
        bool trigger;  ///< this step reinitializes
    };
    coeffs per_step(long t) const {
        std::uint64_t const key = random::step_key(seed, t);
        bool const store = store_every > 0 && (t - 1) % store_every == 0;
        return {key, t == 1, store, random::uniform01<double>(key, position{}, 1) < p_reinit};
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 1> e, coeffs const& k) const {
        V& start = e.state[0];
        if (k.first) start = e.p;
        if (k.store) start = math::lerp(start, e.p, 1 - beta);
        if (!k.trigger) return u;
        V const reset = math::mask<V>(random::uniform<V>(k.key, e.at) < V(p_weights));
        return u + reset * (e.p - start);
    }
};

}  // namespace tzero
