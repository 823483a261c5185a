/// @file tzero/modules/misc/restart_every.hpp
/// RestartEvery: reset the chain every `steps` steps (core/restart.hpp).
///   after step k (counted from the last reset): reset ⇔ k ≡ 0 (mod steps)
/// A reset zeroes every other module's state and starts the chain's step count again (a
/// conjugate-gradient method's direction, a quasi-Newton method's matrix, Adam's moments and bias
/// correction). An identity in the chain: no pass, no stream. `steps = -1` is torchzero's
/// "ndim", the number of elements of every parameter together.
/// Matches torchzero `tz.m.RestartEvery(None, steps)` (modules/restarts/restars.py, the
/// `modules=None` form: every other module reset after the step); its form with an inner chain
/// (reset before stepping it) is not offered yet.
/// kind: restart strategy (elementwise), 1 host scalar (the steps since the last reset).
#pragma once
#include <cstddef>
#include <tuple>

#include <tzero/core/config.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct restart_every {
    long steps = -1;  ///< steps between resets; -1: the number of elements (torchzero's "ndim")

    using kind = elementwise;
    static constexpr bool restarts = true;
    static constexpr int state_slots = 0, host_slots = 1;
    static constexpr char const* name = "restart_every";
    static constexpr auto hyperparameters() { return std::tuple{field{"steps", &restart_every::steps}}; }

    constexpr void validate() const {
        detail::check(steps >= 1 || steps == -1,
                      "tzero: restart_every: steps must be >= 1, or -1 (the number of elements)", double(steps));
    }

    template <class C>
    bool should_reset(C const& ctx, double* scalars, int) const {
        long const every = steps == -1 ? long(ctx.elements) : steps;
        double& count = scalars[0];
        count += 1;
        if (every <= 0 || long(count) % every != 0) return false;
        count = 0;
        return true;
    }
    template <class V, class E, class K>
    TZERO_HD V apply(V u, E const&, K const&) const {
        return u;
    }
};

}  // namespace tzero
