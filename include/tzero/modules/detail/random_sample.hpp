/// @file tzero/modules/detail/random_sample.hpp
/// torchzero's `TensorList.sample_like(distribution, variance)` for one element: what
/// random_sample and noise_sign draw.
///   normal:     x ~ N(0, 1), times `variance` when given (torchzero multiplies by it, as a scale)
///   uniform:    x ~ U(−b, b), b = √(12·variance)/2 when given (variance `variance`), else 1
///   rademacher: x = ±1 with probability ½ each, times `variance` when given
/// `variance` NaN is torchzero's None.
#pragma once
#include <array>
#include <cmath>
#include <cstdint>

#include <tzero/core/config.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/random.hpp>

namespace tzero {

/// The distributions of random_sample and noise_sign (torchzero's `Distributions`, less
/// 'sphere', which needs the sample's global norm).
enum class sample_distribution { normal, uniform, rademacher };
constexpr std::array<char const*, 3> enumerators(sample_distribution) { return {"normal", "uniform", "rademacher"}; }

namespace detail {

/// The per-step scalars of a sampler: the step's key, and the sample's scale.
struct sample_coeffs {
    std::uint64_t key;
    double scale;  ///< normal, rademacher: variance (1 for None); uniform: the bound b
};

inline sample_coeffs sample_per_step(std::uint64_t seed, long t, sample_distribution d, double variance) {
    bool const given = variance == variance;
    double const scale = d == sample_distribution::uniform ? (given ? std::sqrt(12 * variance) / 2 : 1.0)
                                                           : (given ? variance : 1.0);
    return {random::step_key(seed, t), scale};
}

/// One element's draw.
template <class V>
TZERO_HD V sample(sample_distribution d, sample_coeffs const& k, position at) {
    if (d == sample_distribution::normal) return random::normal<V>(k.key, at) * V(k.scale);
    V const x = random::uniform<V>(k.key, at);
    if (d == sample_distribution::uniform) return (V(2) * x - V(1)) * V(k.scale);
    return math::select(x < V(0.5), V(-1), V(1)) * V(k.scale);
}

/// A variance must be a finite number >= 0 or NaN (None).
inline constexpr void check_variance(double variance, char const* message) {
    detail::check(variance != variance || (variance - variance == 0 && variance >= 0), message, variance);
}

}  // namespace detail
}  // namespace tzero
