/// @file tzero/core/detail/simd_warnings_pop.hpp
/// Closes the region simd_warnings_push.hpp opened (no include guard, on purpose).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
