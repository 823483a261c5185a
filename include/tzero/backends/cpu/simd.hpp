/// @file tzero/backends/cpu/simd.hpp
/// xsimd batches as lanes of the math vocabulary (core/math.hpp): the CPU backend runs module
/// math on `xsimd::batch<T, A>` through these operations. Only the CPU backend includes xsimd.
#pragma once
#include <tzero/core/math.hpp>

// xsimd's own kernels (pow, log, ...) take the diagnostic state of where xsimd is first included:
// when that is here, they are inside the region too (core/detail/simd_warnings_push.hpp)
#include <tzero/core/detail/simd_warnings_push.hpp>

#include <xsimd/xsimd.hpp>

namespace tzero::math {

template <class T, class A>
inline constexpr bool is_vector<xsimd::batch<T, A>> = true;

template <class T, class A>
struct vector_ops<xsimd::batch<T, A>> {
    using batch = xsimd::batch<T, A>;
    using value_type = T;
    using mask_type = xsimd::batch_bool<T, A>;

    static batch load(T const* p) { return batch::load_unaligned(p); }
    static void store(T* p, batch const& v) { v.store_unaligned(p); }
    static batch select(mask_type const& c, batch const& a, batch const& b) { return xsimd::select(c, a, b); }
    static batch sqrt(batch const& x) { return xsimd::sqrt(x); }
    static batch abs(batch const& x) { return xsimd::abs(x); }
    static batch fma(batch const& a, batch const& b, batch const& c) { return xsimd::fma(a, b, c); }
    static batch pow(batch const& x, batch const& y) { return xsimd::pow(x, y); }
    static batch exp(batch const& x) { return xsimd::exp(x); }
    /// clamp in two instructions: xsimd's max(a, b) is the ISA's (a > b ? a : b), so max(lo, x)
    /// keeps a NaN x, and min(hi, y) likewise; the same answers as the scalar clamp.
    static batch clamp(batch const& x, batch const& lo, batch const& hi) { return xsimd::min(hi, xsimd::max(lo, x)); }
};

}  // namespace tzero::math

#include <tzero/core/detail/simd_warnings_pop.hpp>
