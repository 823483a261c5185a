/// @file tzero/modules/misc/noise_sign.hpp
/// NoiseSign: random magnitudes with the update's signs.
///   u ← copysign(x, u),  x ~ `distribution` scaled by `variance` (modules/detail/random_sample.hpp)
///   `noise_sign{.distribution = sphere}`: x = z · r / ‖z‖, z ~ N(0, 1), ‖z‖ over ALL parameters,
///   r = 1 or variance·√n (n elements in all)
/// Deterministic given `seed` (core/random.hpp); sphere draws the same z in its reduction pass and
/// in its apply pass, and gives 0 where every draw is 0. A zero update counts as positive. The
/// draw is random_sample's (ops/random_sample.hpp), keeping the signs.
/// Mirrors torchzero `tz.m.NoiseSign(distribution='normal', variance=None)` (modules/misc/misc.py);
/// torchzero draws from torch's global generator, so trajectories agree in distribution, not in
/// value.
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
struct noise_sign {
    Distribution distribution{};  ///< a `sample_distribution` (normal by default), or `sphere`
    double variance = std::numeric_limits<double>::quiet_NaN();  ///< NaN: torchzero's None (scale 1)
    std::uint64_t seed = 0;

    static constexpr bool is_sphere = std::is_same_v<Distribution, sphere_t>;
    using kind = std::conditional_t<is_sphere, reduce, elementwise>;
    using reduce_scope = global_t;  // sphere: Σz² over all parameters
    static constexpr int state_slots = 0;
    static constexpr char const* name = "noise_sign";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"distribution", &noise_sign::distribution}, field{"variance", &noise_sign::variance},
                          field{"seed", &noise_sign::seed}};
    }

    constexpr void validate() const {
        detail::check_variance(variance, "tzero: noise_sign: variance must be a finite number >= 0, or NaN for none");
    }
    detail::sample_coeffs per_step(long t) const { return detail::sample_per_step(seed, t, distribution, variance); }
    template <class V>
    TZERO_HD V reduce_term(V, element<V, 0> e, detail::sample_coeffs const& k) const {
        return detail::sphere_term<V>(k, e.at);
    }
    TZERO_HD double finalize(double sum, double count) const { return detail::sphere_factor(sum, count, variance); }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0> e, detail::sample_coeffs const& k) const {
        return math::copysign(detail::draw<V>(distribution, k, e.at, e.reduced), u);
    }
};

}  // namespace tzero
