/// @file tzero/modules/ops/uniform.hpp
/// Uniform: an update of uniform random numbers in [low, high), whatever came in.
///   u ← low + (high − low)·x,  x ~ U[0, 1)
/// Deterministic given `seed` (core/random.hpp). `low` and `high` are required, as in torchzero.
/// Mirrors torchzero `tz.m.Uniform(low, high)` (modules/ops/utility.py); torchzero draws from
/// torch's global generator, so trajectories agree in distribution, not in value.
/// kind: elementwise. state: none.
#pragma once
#include <cstdint>
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/random.hpp>

namespace tzero {

struct uniform {
    double low = std::numeric_limits<double>::quiet_NaN();   ///< required
    double high = std::numeric_limits<double>::quiet_NaN();  ///< required
    std::uint64_t seed = 0;

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "uniform";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"low", &uniform::low}, field{"high", &uniform::high}, field{"seed", &uniform::seed}};
    }

    constexpr void validate() const {
        detail::check(low - low == 0 && high - high == 0 && low <= high,
                      "tzero: uniform: low and high must be finite numbers, low <= high (write uniform{.low = -1, "
                      ".high = 1})",
                      low);
    }
    struct coeffs {
        std::uint64_t key;
    };
    coeffs per_step(long t) const { return {random::step_key(seed, t)}; }
    template <class V>
    TZERO_HD V apply(V, element<V, 0> e, coeffs const& k) const {
        return V(low) + V(high - low) * random::uniform<V>(k.key, e.at);
    }
};

}  // namespace tzero
