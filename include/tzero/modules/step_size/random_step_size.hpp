/// @file tzero/modules/step_size/random_step_size.hpp
/// RandomStepSize: the update times a random step size, one a step.
///   α ~ U[low, high)                   (one for all parameters, or one per tensor: parameterwise)
///   u ← α·u
/// Deterministic given `seed`: α is a function of (seed, step), or of (seed, step, tensor) when
/// parameterwise (core/random.hpp), whatever the thread count or device.
/// Matches torchzero `tz.m.RandomStepSize(low=0, high=1, parameterwise=False, seed=None)`
/// (modules/step_size/lr.py) in distribution; torchzero draws from Python's `random.Random(seed)`,
/// so the values differ, and its `seed=None` is nondeterministic where tzero's default seed is 0.
/// kind: elementwise. state: none.
#pragma once
#include <cstdint>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/random.hpp>

namespace tzero {

struct random_step_size {
    double low = 0;
    double high = 1;
    bool parameterwise = false;  ///< one step size per tensor instead of one for all
    std::uint64_t seed = 0;

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "random_step_size";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"low", &random_step_size::low}, field{"high", &random_step_size::high},
                          field{"parameterwise", &random_step_size::parameterwise},
                          field{"seed", &random_step_size::seed}};
    }

    constexpr void validate() const {
        detail::check(low - low == 0 && high - high == 0 && low <= high,
                      "tzero: random_step_size: low and high must be finite numbers, low <= high (write "
                      "random_step_size{.low = 0, .high = 1})",
                      low);
    }
    struct coeffs {
        std::uint64_t key;
        double step_size;  ///< the global α (not parameterwise)
    };
    coeffs per_step(long t) const {
        std::uint64_t const key = random::step_key(seed, t);
        return {key, low + (high - low) * random::uniform01<double>(key, position{}, 0)};
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0> e, coeffs const& k) const {
        if (!parameterwise) return u * V(k.step_size);
        // the same α for every element of the tensor: drawn at index 0 of it
        double const alpha = low + (high - low) * random::uniform01<double>(k.key, position{0, e.at.tensor}, 0);
        return u * V(alpha);
    }
};

}  // namespace tzero
