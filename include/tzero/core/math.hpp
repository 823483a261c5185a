/// @file tzero/core/math.hpp
/// The math vocabulary of module code: one spelling for `float`, `double`, `xsimd::batch`
/// and CUDA registers.
///
/// Modules call `math::sqrt(v)`, never `std::sqrt` or `xsimd::sqrt`: device code can call
/// neither, and a batch needs xsimd. This header needs no SIMD library: scalar overloads are
/// written here, and vectors forward to `vector_ops<V>`, which the CPU backend specializes for
/// xsimd batches (backends/cpu/simd.hpp). The CUDA backend never sees a vector.
///
/// Semantics are PyTorch's where they differ from a naive spelling:
/// - `clamp(x, lo, hi)` and `max`/`min` propagate NaN (a NaN gradient stays visible);
/// - `sign(0) == 0`, `sign(NaN) == 0`, like `(0 < x) - (x < 0)`;
/// - `mask(c)` is 1 where `c` holds and 0 elsewhere, so `u * mask(c)` keeps NaN and signed zeros
///   exactly as `u * bool_tensor` does in torch.
#pragma once
#include <cmath>
#include <concepts>
#include <limits>

#include <tzero/core/config.hpp>

namespace tzero::math {

/// The vector operations of a backend's lane type `V` (an `xsimd::batch` on the CPU): `value_type`,
/// `mask_type`, `load`, `store`, `select`, `sqrt`, `abs`, `fma`, `pow`, `exp`, `clamp`. Specialized by the backend that owns `V`.
template <class V>
struct vector_ops;

/// Is `V` a backend's vector of lanes (rather than one `float` or `double`)? Set by the backend.
template <class V>
inline constexpr bool is_vector = false;

/// The element type of `V`: `V` itself for a scalar, `T` for a backend's vector of `T`.
template <class V>
struct scalar_of {
    using type = V;
};
template <class V>
    requires is_vector<V>
struct scalar_of<V> {
    using type = typename vector_ops<V>::value_type;
};
template <class V>
using scalar_t = typename scalar_of<V>::type;

// ---------------------------------------------------------------- scalars (host and device)
template <class T>
    requires(!is_vector<T>)
TZERO_HD T select(bool c, T a, T b) {
    return c ? a : b;
}
template <class T>
    requires(!is_vector<T>)
TZERO_HD T mask(bool c) {
    return c ? T(1) : T(0);
}

// Device code calls the CUDA math library (sqrtf for float); host code the C++ one.
template <std::floating_point T>
TZERO_HD T sqrt(T x) {
#if defined(__CUDA_ARCH__)
    if constexpr (sizeof(T) == 4) return ::sqrtf(x);
    else return ::sqrt(x);
#else
    return std::sqrt(x);
#endif
}
template <std::floating_point T>
TZERO_HD T abs(T x) {
    return x < T(0) ? -x : (x == T(0) ? T(0) : x);
}
template <std::floating_point T>
TZERO_HD T fma(T a, T b, T c) {
#if defined(__CUDA_ARCH__)
    if constexpr (sizeof(T) == 4) return ::fmaf(a, b, c);
    else return ::fma(a, b, c);
#else
    return std::fma(a, b, c);
#endif
}
template <std::floating_point T>
TZERO_HD T pow(T x, T y) {
#if defined(__CUDA_ARCH__)
    if constexpr (sizeof(T) == 4) return ::powf(x, y);
    else return ::pow(x, y);
#else
    return std::pow(x, y);
#endif
}
template <std::floating_point T>
TZERO_HD T exp(T x) {
#if defined(__CUDA_ARCH__)
    if constexpr (sizeof(T) == 4) return ::expf(x);
    else return ::exp(x);
#else
    return std::exp(x);
#endif
}

// ---------------------------------------------------------------- vectors (a backend's lanes)
// A backend that runs module math on vectors specializes `vector_ops<V>` (the CPU backend's
// xsimd batches: backends/cpu/simd.hpp); the overloads below forward to it. They are found
// when a module's math is instantiated, so a module header never includes a SIMD library.
template <class V>
    requires is_vector<V>
TZERO_HD V select(typename vector_ops<V>::mask_type const& c, V const& a, V const& b) {
    return vector_ops<V>::select(c, a, b);
}
/// One value of type `V` read from `p` (a vector's lanes from `p`, `p + 1`, ...; unaligned).
template <class V, class T>
TZERO_HD V load(T const* p) {
    if constexpr (is_vector<V>) return vector_ops<V>::load(p);
    else return V(*p);
}
/// `v` written to `p` (a vector's lanes to `p`, `p + 1`, ...; unaligned).
template <class V, class T>
TZERO_HD void store(T* p, V const& v) {
    if constexpr (is_vector<V>) vector_ops<V>::store(p, v);
    else *p = v;
}
template <class V>
    requires is_vector<V>
TZERO_HD V mask(typename vector_ops<V>::mask_type const& c) {
    return vector_ops<V>::select(c, V(1), V(0));
}
template <class V>
    requires is_vector<V>
TZERO_HD V sqrt(V const& x) {
    return vector_ops<V>::sqrt(x);
}
template <class V>
    requires is_vector<V>
TZERO_HD V abs(V const& x) {
    return vector_ops<V>::abs(x);
}
template <class V>
    requires is_vector<V>
TZERO_HD V fma(V const& a, V const& b, V const& c) {
    return vector_ops<V>::fma(a, b, c);
}
template <class V>
    requires is_vector<V>
TZERO_HD V pow(V const& x, V const& y) {
    return vector_ops<V>::pow(x, y);
}
template <class V>
    requires is_vector<V>
TZERO_HD V exp(V const& x) {
    return vector_ops<V>::exp(x);
}
template <class V>
    requires is_vector<V>
TZERO_HD V clamp(V const& x, V const& lo, V const& hi) {
    return vector_ops<V>::clamp(x, lo, hi);
}

// ---------------------------------------------------------------- written once for all V
/// Largest of `a` and `b`; NaN if either is NaN (torch.maximum).
template <class V>
TZERO_HD V max(V a, V b) {
    return math::select((b != b) | (b > a), b, a);
}
/// Smallest of `a` and `b`; NaN if either is NaN (torch.minimum).
template <class V>
TZERO_HD V min(V a, V b) {
    return math::select((b != b) | (b < a), b, a);
}
/// `x` limited to [lo, hi]; NaN stays NaN (torch.clamp).
template <class V>
    requires(!is_vector<V>)
TZERO_HD V clamp(V x, V lo, V hi) {
    return math::select(x < lo, lo, math::select(x > hi, hi, x));
}
/// True (per lane) where `x` is neither infinite nor NaN: x − x is 0 exactly then, NaN otherwise.
template <class V>
TZERO_HD auto isfinite(V x) {
    return (x - x) == V(0);
}
/// -1, 0 or 1 (torch.sign); 0 for NaN.
template <class V>
TZERO_HD V sign(V x) {
    return math::select(x > V(0), V(1), V(0)) - math::select(x < V(0), V(1), V(0));
}
/// Magnitude of `x` with the sign of `s`; a zero `s` counts as positive.
template <class V>
TZERO_HD V copysign(V x, V s) {
    V m = math::abs(x);
    return math::select(s < V(0), -m, m);
}
/// `x` in `V`'s element type, limited to its finite range (a double beyond float's range
/// becomes float's largest finite value, not infinity); NaN stays NaN.
template <class V>
TZERO_HD V saturate(double x) {
    using T = scalar_t<V>;
    constexpr double hi = double(std::numeric_limits<T>::max()), lo = double(std::numeric_limits<T>::lowest());
    return V(T(x > hi ? hi : (x < lo ? lo : x)));
}
/// `x` raised to a constant power as torch's pow(tensor, scalar) computes it: exponent 0 gives 1
/// (even for NaN), 1 gives x, 2 and 3 products, −2 is 1/(x·x), ½ is √x, −½ is 1/√x, −1 is 1/x,
/// any other exponent `pow`. The branch is on a hyperparameter, uniform across lanes.
template <class V>
TZERO_HD V power(V x, double e) {
    if (e == 0) return V(1);
    if (e == 1) return x;
    if (e == 2) return x * x;
    if (e == 3) return x * x * x;
    if (e == -2) return V(1) / (x * x);
    if (e == 0.5) return math::sqrt(x);
    if (e == -0.5) return V(1) / math::sqrt(x);
    if (e == -1) return V(1) / x;
    return math::pow(x, V(e));
}
/// a + w·(b − a) as torch.lerp computes it with a scalar weight: of its two formulas, the one
/// accurate for this w (|w| < 0.5 or not), chosen once rather than per element.
template <class V>
TZERO_HD V lerp(V a, V b, double w) {
    if (w < 0.5 && w > -0.5) return a + V(w) * (b - a);
    return b - (b - a) * V(1 - w);
}

}  // namespace tzero::math
