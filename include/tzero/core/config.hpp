/// @file tzero/core/config.hpp
/// Every TZERO_* macro of the library, and nothing else.
///
/// `TZERO_HD` marks the functions that run on the host and on a CUDA device: module math
/// and the math vocabulary. Under nvcc it expands to `__host__ __device__ __forceinline__`;
/// elsewhere to `inline`, so the same text is plain C++ on the CPU.
#pragma once

#define TZERO_VERSION_MAJOR 0
#define TZERO_VERSION_MINOR 1
#define TZERO_VERSION_PATCH 0
#define TZERO_VERSION (TZERO_VERSION_MAJOR * 10000 + TZERO_VERSION_MINOR * 100 + TZERO_VERSION_PATCH)

#if defined(__CUDACC__)
#define TZERO_HD __host__ __device__ __forceinline__
/// A kernel entry point (backends/cuda only): hidden, so two shared libraries built for
/// different architectures never resolve to each other's kernels.
#define TZERO_KERNEL __global__ __attribute__((visibility("hidden")))
#else
#define TZERO_HD inline
#endif
