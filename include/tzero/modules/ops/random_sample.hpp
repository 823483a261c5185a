/// @file tzero/modules/ops/random_sample.hpp
/// RandomSample: an update of random numbers, whatever came in.
///   u ← x,  x ~ `distribution` scaled by `variance` (modules/detail/random_sample.hpp)
/// Deterministic given `seed`: a draw is a function of (seed, step, tensor, element), the same on
/// any thread count, chunk size or device (core/random.hpp).
/// Mirrors torchzero `tz.m.RandomSample(distribution='normal', variance=None)` (modules/ops/utility.py);
/// torchzero draws from torch's global generator, so trajectories agree in distribution, not in
/// value. 'sphere' (a global norm of the sample) is not supported. noise_sign
/// (misc/noise_sign.hpp) is the same module keeping the update's signs.
/// kind: elementwise. state: none.
#pragma once
#include <cstdint>
#include <limits>
#include <tuple>

#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/modules/detail/random_sample.hpp>

namespace tzero {
namespace detail {
/// random_sample and noise_sign: one draw, kept as it is or given the update's signs.
template <bool CopySign>
struct sampler {
    sample_distribution distribution = sample_distribution::normal;
    double variance = std::numeric_limits<double>::quiet_NaN();  ///< NaN: torchzero's None (scale 1)
    std::uint64_t seed = 0;

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr char const* name = CopySign ? "noise_sign" : "random_sample";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"distribution", &sampler::distribution}, field{"variance", &sampler::variance},
                          field{"seed", &sampler::seed}};
    }

    constexpr void validate() const {
        detail::check_variance(variance,
                               CopySign ? "tzero: noise_sign: variance must be a finite number >= 0, or NaN for none"
                                        : "tzero: random_sample: variance must be a finite number >= 0, or NaN for none");
    }
    sample_coeffs per_step(long t) const { return sample_per_step(seed, t, distribution, variance); }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0> e, sample_coeffs const& k) const {
        V const x = sample<V>(distribution, k, e.at);
        if constexpr (CopySign) return math::copysign(x, u);
        else return x;
    }
};
}  // namespace detail

using random_sample = detail::sampler<false>;

}  // namespace tzero
