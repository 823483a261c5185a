/// @file tzero/core/detail/simd_warnings_push.hpp
/// Opens a region where g++ does not report -Wmaybe-uninitialized or -Wuninitialized;
/// simd_warnings_pop.hpp closes it. No include guard: each use includes both, once each.
///
/// g++ 12's AVX-512 intrinsics start from `_mm512_undefined_ps()` (`__m512 __Y = __Y;`), which
/// those warnings report wherever the intrinsic is inlined (GCC bug 105593, fixed in 13): a user
/// building with -Wall -march=native got a dozen reports per chain from system headers. A report
/// honours the diagnostic state at each inlining site and at the code it was inlined into, so the
/// CPU backend's headers that call xsimd open this region after their includes, and
/// backends/cpu/simd.hpp, the one tzero header that includes xsimd, opens it around that include
/// (so that xsimd's own kernels, such as `pow` and `log`, are covered when tzero is included
/// before xtensor). The user's own code keeps the user's settings.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
