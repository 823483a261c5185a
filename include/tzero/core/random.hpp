/// @file tzero/core/random.hpp
/// Counter-based random numbers for module code.
///
/// A draw is a pure function of (key, tensor, element index, stream): `key` mixes the module's
/// seed with the step (`step_key`, in `per_step`), and the element's `position` comes with its
/// `element`. Nothing is carried from draw to draw, so a run is the same on any thread count,
/// chunk size, SIMD width or CUDA grid, a checkpoint needs no generator state, and a reduce
/// module can draw the same numbers in its reduction pass and in its apply pass.
///
/// The hash is Chris Wellons' `lowbias32` (full avalanche, integer multiply and shifts only, so
/// host and device compute the same bits). A batch draws lane by lane with the scalar code: every
/// element gets the same value whether it falls in a SIMD batch, the scalar tail or a CUDA thread.
/// `uniform` is exact in the element type (24 bits for float, 53 for double); `normal` is
/// Box–Muller in double, which the device's `log`/`cos` may round differently in the last bit.
#pragma once
#include <cmath>
#include <cstdint>
#include <type_traits>

#include <tzero/core/config.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

namespace random {

/// lowbias32: a 32-bit integer hash in which every input bit flips each output bit with
/// probability ~½.
TZERO_HD constexpr std::uint32_t mix(std::uint32_t x) {
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    x ^= x >> 16;
    return x;
}

/// The key of a module's draws at step `t`: its seed and the step, mixed (host, in `per_step`).
TZERO_HD constexpr std::uint64_t step_key(std::uint64_t seed, long t) {
    auto const step = std::uint64_t(t);
    std::uint32_t const a = mix(std::uint32_t(seed) ^ 0x9e3779b9U);
    std::uint32_t const b = mix(std::uint32_t(seed >> 32) ^ a);
    std::uint32_t const c = mix(std::uint32_t(step) ^ b);
    std::uint32_t const d = mix(std::uint32_t(step >> 32) ^ c ^ 0x85ebca6bU);
    return std::uint64_t(c) << 32 | d;
}

/// 32 random bits for one element and `stream` (a module that needs several numbers per element
/// draws each from its own stream).
TZERO_HD constexpr std::uint32_t bits(std::uint64_t key, position at, std::uint32_t stream) {
    std::uint32_t h = mix(std::uint32_t(key) ^ mix(stream + 0x632be5abU));
    h = mix(h ^ std::uint32_t(at.index));
    h = mix(h ^ std::uint32_t(at.index >> 32) ^ std::uint32_t(key >> 32));
    return mix(h ^ at.tensor);
}

/// Uniform in [0, 1), exact in `T`: 24 random bits for float, 53 for double.
template <class T>
TZERO_HD T uniform01(std::uint64_t key, position at, std::uint32_t stream) {
    if constexpr (sizeof(T) == 4) {
        return T(bits(key, at, stream) >> 8) * T(1.0 / 16777216.0);
    } else {
        double const high = double(bits(key, at, 2 * stream) >> 5), low = double(bits(key, at, 2 * stream + 1) >> 6);
        return T((high * 67108864.0 + low) * (1.0 / 9007199254740992.0));
    }
}

/// Standard normal (Box–Muller from streams 2·stream and 2·stream + 1), in double.
TZERO_HD double standard_normal(std::uint64_t key, position at, std::uint32_t stream) {
    double const u1 = 1 - uniform01<double>(key, at, 2 * stream);  // (0, 1]: log is finite
    double const u2 = uniform01<double>(key, at, 2 * stream + 1);
#if defined(__CUDA_ARCH__)
    return ::sqrt(-2 * ::log(u1)) * ::cospi(2 * u2);
#else
    return std::sqrt(-2 * std::log(u1)) * std::cos(6.283185307179586 * u2);
#endif
}

/// `f(position)` for every lane of `V`: one call for a scalar, one per lane for a batch.
template <class V, class F>
TZERO_HD V per_lane(position at, F const& f) {
    if constexpr (std::is_arithmetic_v<V>) {
        return V(f(at));
    } else {
        using T = math::scalar_t<V>;
        alignas(V) T lanes[V::size];
        for (std::size_t l = 0; l < V::size; ++l) lanes[l] = T(f(position{at.index + l, at.tensor}));
        return V::load_aligned(lanes);
    }
}

/// Uniform in [0, 1) for each element of `V` at `at`.
template <class V>
TZERO_HD V uniform(std::uint64_t key, position at, std::uint32_t stream = 0) {
    return per_lane<V>(at, [&](position p) { return uniform01<math::scalar_t<V>>(key, p, stream); });
}

/// Standard normal for each element of `V` at `at`.
template <class V>
TZERO_HD V normal(std::uint64_t key, position at, std::uint32_t stream = 0) {
    return per_lane<V>(at, [&](position p) { return standard_normal(key, p, stream); });
}

}  // namespace random
}  // namespace tzero
