/// @file tzero/modules/ops/randn.hpp
/// Randn: an update of standard normal numbers, whatever came in.
///   u ← x,  x ~ N(0, 1)
/// Deterministic given `seed`: a draw is a function of (seed, step, tensor, element), the same on
/// any thread count, chunk size or device (core/random.hpp).
/// Mirrors torchzero `tz.m.Randn()` (modules/ops/utility.py); torchzero draws from torch's global
/// generator, so trajectories agree in distribution, not in value.
/// kind: elementwise. state: none.
#pragma once
#include <cstdint>
#include <tuple>

#include <tzero/core/module.hpp>
#include <tzero/core/random.hpp>

namespace tzero {

struct randn {
    std::uint64_t seed = 0;

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "randn";
    static constexpr auto hyperparameters() { return std::tuple{field{"seed", &randn::seed}}; }

    struct coeffs {
        std::uint64_t key;
    };
    coeffs per_step(long t) const { return {random::step_key(seed, t)}; }
    template <class V>
    TZERO_HD V apply(V, element<V, 0> e, coeffs const& k) const {
        return random::normal<V>(k.key, e.at);
    }
};

}  // namespace tzero
