/// @file tzero/modules/detail/random_sample.hpp
/// torchzero's `TensorList.sample_like(distribution, variance)` for one element: what
/// random_sample and noise_sign draw.
///   normal:     x ~ N(0, 1), times `variance` when given (torchzero multiplies by it, as a scale)
///   uniform:    x ~ U(−b, b), b = √(12·variance)/2 when given (variance `variance`), else 1
///   rademacher: x = ±1 with probability ½ each, times `variance` when given
///   sphere:     x = z · r / ‖z‖, z ~ N(0, 1) per element, ‖z‖ the L2 norm of the draws over ALL
///               parameters, r = 1, or variance·√n when given (n: the element count of all
///               parameters), so the whole sample has norm r
/// `variance` NaN is torchzero's None.
#pragma once
#include <array>
#include <cmath>
#include <cstdint>
#include <type_traits>

#include <tzero/core/config.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/random.hpp>

namespace tzero {

/// The elementwise distributions of random_sample and noise_sign (torchzero's `Distributions`
/// but 'sphere', which is `sphere` below).
enum class sample_distribution { normal, uniform, rademacher };
constexpr std::array<char const*, 3> enumerators(sample_distribution) { return {"normal", "uniform", "rademacher"}; }

/// torchzero's 'sphere' distribution (`random_sample{.distribution = sphere}`): a normal sample
/// scaled to norm 1 (or variance·√n) over all parameters. A tag, not an enumerator, because it
/// changes the plan: the sampler becomes a global reduce (Σz²), one more pass.
struct sphere_t {
    static constexpr char const* name = "sphere";
};
inline constexpr sphere_t sphere{};

namespace detail {

/// The per-step scalars of a sampler: the step's key, and the sample's scale.
struct sample_coeffs {
    std::uint64_t key;
    double scale;  ///< normal, rademacher: variance (1 for None); uniform: the bound b
};

inline sample_coeffs sample_per_step(std::uint64_t seed, long t, sample_distribution d, double variance) {
    bool const given = variance == variance;
    double const scale =
        d == sample_distribution::uniform ? (given ? std::sqrt(12 * variance) / 2 : 1.0) : (given ? variance : 1.0);
    return {random::step_key(seed, t), scale};
}

inline sample_coeffs sample_per_step(std::uint64_t seed, long t, sphere_t, double) {
    return {random::step_key(seed, t), 1.0};
}

/// One element's draw.
template <class V>
TZERO_HD V sample(sample_distribution d, sample_coeffs const& k, position at) {
    if (d == sample_distribution::normal) return random::normal<V>(k.key, at) * V(k.scale);
    V const x = random::uniform<V>(k.key, at);
    if (d == sample_distribution::uniform) return (V(2) * x - V(1)) * V(k.scale);
    return math::select(x < V(0.5), V(-1), V(1)) * V(k.scale);
}

/// sphere: the element's share of ‖z‖², z the same normal draw as its apply pass's (a draw is a
/// function of the key and the position, core/random.hpp).
template <class V>
TZERO_HD V sphere_term(sample_coeffs const& k, position at) {
    V const z = random::normal<V>(k.key, at);
    return z * z;
}
/// sphere: r / ‖z‖ from ‖z‖² over `count` elements; 0 when ‖z‖ = 0 (no elements, or every draw
/// 0), so the sample is 0 rather than NaN.
TZERO_HD double sphere_factor(double sum_of_squares, double count, double variance) {
    if (!(sum_of_squares > 0)) return 0;
    double const radius = variance == variance ? variance * math::sqrt(count) : 1.0;
    return radius / math::sqrt(sum_of_squares);
}

/// One element's draw, `reduced` the sphere's factor (unused by the other distributions).
template <class V, class Distribution>
TZERO_HD V draw(Distribution d, sample_coeffs const& k, position at, V reduced) {
    if constexpr (std::is_same_v<Distribution, sphere_t>) return random::normal<V>(k.key, at) * reduced;
    else return sample<V>(d, k, at);
}

/// A variance must be a finite number >= 0 or NaN (None).
inline constexpr void check_variance(double variance, char const* message) {
    detail::check(variance != variance || (variance - variance == 0 && variance >= 0), message, variance);
}

}  // namespace detail
}  // namespace tzero
