/// @file tzero/core/math.hpp
/// The math vocabulary of module code: one spelling for `float`, `double`, `xsimd::batch`
/// and CUDA registers.
///
/// Modules call `math::sqrt(v)`, never `std::sqrt` or `xsimd::sqrt`: device code can call
/// neither, and a batch needs xsimd. Scalar overloads are `TZERO_HD`; the batch overloads exist
/// only outside nvcc (the CUDA backend never sees a batch).
///
/// Semantics are PyTorch's where they differ from a naive spelling:
/// - `clamp(x, lo, hi)` and `max`/`min` propagate NaN (a NaN gradient stays visible);
/// - `sign(0) == 0`, `sign(NaN) == 0`, like `(0 < x) - (x < 0)`;
/// - `mask(c)` is 1 where `c` holds and 0 elsewhere, so `u * mask(c)` keeps NaN and signed zeros
///   exactly as `u * bool_tensor` does in torch.
#pragma once
#include <cmath>

#include <tzero/core/config.hpp>

#if !defined(__CUDACC__)
#include <xsimd/xsimd.hpp>
#endif

namespace tzero::math {

// ---------------------------------------------------------------- scalars (host and device)
template <class T>
TZERO_HD T select(bool c, T a, T b) { return c ? a : b; }
template <class T>
TZERO_HD T mask(bool c) { return c ? T(1) : T(0); }

TZERO_HD float sqrt(float x) {
#if defined(__CUDA_ARCH__)
    return ::sqrtf(x);
#else
    return std::sqrt(x);
#endif
}
TZERO_HD double sqrt(double x) {
#if defined(__CUDA_ARCH__)
    return ::sqrt(x);
#else
    return std::sqrt(x);
#endif
}
TZERO_HD float abs(float x) { return x < 0.f ? -x : (x == 0.f ? 0.f : x); }
TZERO_HD double abs(double x) { return x < 0. ? -x : (x == 0. ? 0. : x); }
TZERO_HD float fma(float a, float b, float c) {
#if defined(__CUDA_ARCH__)
    return ::fmaf(a, b, c);
#else
    return std::fma(a, b, c);
#endif
}
TZERO_HD double fma(double a, double b, double c) {
#if defined(__CUDA_ARCH__)
    return ::fma(a, b, c);
#else
    return std::fma(a, b, c);
#endif
}
TZERO_HD float pow(float x, float y) {
#if defined(__CUDA_ARCH__)
    return ::powf(x, y);
#else
    return std::pow(x, y);
#endif
}
TZERO_HD double pow(double x, double y) {
#if defined(__CUDA_ARCH__)
    return ::pow(x, y);
#else
    return std::pow(x, y);
#endif
}

// ---------------------------------------------------------------- SIMD batches (host only)
#if !defined(__CUDACC__)
template <class T, class A>
inline xsimd::batch<T, A> select(xsimd::batch_bool<T, A> const& c, xsimd::batch<T, A> const& a,
                                 xsimd::batch<T, A> const& b) {
    return xsimd::select(c, a, b);
}
template <class V>
    requires xsimd::is_batch<V>::value
inline V mask(typename V::batch_bool_type const& c) {
    return xsimd::select(c, V(1), V(0));
}
template <class T, class A>
inline xsimd::batch<T, A> sqrt(xsimd::batch<T, A> const& x) { return xsimd::sqrt(x); }
template <class T, class A>
inline xsimd::batch<T, A> abs(xsimd::batch<T, A> const& x) { return xsimd::abs(x); }
template <class T, class A>
inline xsimd::batch<T, A> fma(xsimd::batch<T, A> const& a, xsimd::batch<T, A> const& b,
                              xsimd::batch<T, A> const& c) {
    return xsimd::fma(a, b, c);
}
template <class T, class A>
inline xsimd::batch<T, A> pow(xsimd::batch<T, A> const& x, xsimd::batch<T, A> const& y) {
    return xsimd::pow(x, y);
}
#endif

// ---------------------------------------------------------------- written once for all V
/// Largest of `a` and `b`; NaN if either is NaN (torch.maximum).
template <class V>
TZERO_HD V max(V a, V b) { return math::select((b != b) | (b > a), b, a); }
/// Smallest of `a` and `b`; NaN if either is NaN (torch.minimum).
template <class V>
TZERO_HD V min(V a, V b) { return math::select((b != b) | (b < a), b, a); }
/// `x` limited to [lo, hi]; NaN stays NaN (torch.clamp).
template <class V>
TZERO_HD V clamp(V x, V lo, V hi) { return math::select(x < lo, lo, math::select(x > hi, hi, x)); }
/// -1, 0 or 1 (torch.sign); 0 for NaN.
template <class V>
TZERO_HD V sign(V x) { return math::select(x > V(0), V(1), V(0)) - math::select(x < V(0), V(1), V(0)); }
/// Magnitude of `x` with the sign of `s`; a zero `s` counts as positive.
template <class V>
TZERO_HD V copysign(V x, V s) {
    V m = math::abs(x);
    return math::select(s < V(0), -m, m);
}
/// a + w·(b − a) as torch.lerp computes it with a scalar weight: of its two formulas, the one
/// accurate for this w (|w| < 0.5 or not), chosen once rather than per element.
template <class V>
TZERO_HD V lerp(V a, V b, double w) {
    if (w < 0.5 && w > -0.5) return a + V(w) * (b - a);
    return b - (b - a) * V(1 - w);
}

}  // namespace tzero::math
