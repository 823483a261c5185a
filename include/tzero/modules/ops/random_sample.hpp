/// @file tzero/modules/ops/random_sample.hpp
/// RandomSample: an update of random numbers, whatever came in.
///   u ← x,  x ~ `distribution` scaled by `variance` (modules/detail/random_sample.hpp)
///   `random_sample{.distribution = sphere}`: u ← z · r / ‖z‖, z ~ N(0, 1), ‖z‖ over ALL
///   parameters, r = 1 or variance·√n (n elements in all): the update has norm r
/// Deterministic given `seed`: a draw is a function of (seed, step, tensor, element), the same on
/// any thread count, chunk size or device (core/random.hpp); sphere draws the same z in its
/// reduction pass and in its apply pass. Where every draw is 0 (or there are no elements) sphere
/// gives 0, not NaN.
/// Mirrors torchzero `tz.m.RandomSample(distribution='normal', variance=None)` (modules/ops/utility.py,
/// `TensorList.sample_like`); torchzero draws from torch's global generator, so trajectories agree
/// in distribution, not in value. noise_sign (misc/noise_sign.hpp) is the same draw keeping the
/// update's signs.
/// kind: elementwise; reduce (global, Σz²) with sphere. state: none.
#pragma once
#include <cstdint>
#include <limits>
#include <tuple>
#include <type_traits>

#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/modules/detail/random_sample.hpp>

namespace tzero {

template <class Distribution = sample_distribution>
struct random_sample {
    Distribution distribution{};  ///< a `sample_distribution` (normal by default), or `sphere`
    double variance = std::numeric_limits<double>::quiet_NaN();  ///< NaN: torchzero's None (scale 1)
    std::uint64_t seed = 0;

    static constexpr bool is_sphere = std::is_same_v<Distribution, sphere_t>;
    using kind = std::conditional_t<is_sphere, reduce, elementwise>;
    using reduce_scope = global_t;  // sphere: Σz² over all parameters
    static constexpr int state_slots = 0;
    static constexpr char const* name = "random_sample";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"distribution", &random_sample::distribution},
                          field{"variance", &random_sample::variance}, field{"seed", &random_sample::seed}};
    }

    constexpr void validate() const {
        detail::check_variance(variance,
                               "tzero: random_sample: variance must be a finite number >= 0, or NaN for none");
    }
    detail::sample_coeffs per_step(long t) const { return detail::sample_per_step(seed, t, distribution, variance); }
    template <class V>
    TZERO_HD V reduce_term(V, element<V, 0> e, detail::sample_coeffs const& k) const {
        return detail::sphere_term<V>(k, e.at);
    }
    TZERO_HD double finalize(double sum, double count) const { return detail::sphere_factor(sum, count, variance); }
    template <class V>
    TZERO_HD V apply(V, element<V, 0> e, detail::sample_coeffs const& k) const {
        return detail::draw<V>(distribution, k, e.at, e.reduced);
    }
};

}  // namespace tzero
