/// @file tzero/backends/cuda/kernels.cuh
/// The `__global__` kernels: thin wrappers that hand their grid coordinates to the bodies in
/// body.hpp (which emulate.hpp runs on the CPU too). Compiled by nvcc only.
#pragma once
#include <tzero/backends/cuda/body.hpp>

namespace tzero::cuda {

/// Pass `Pass` over every chunk of every tensor (or slice item: `units_of_pass`): blocks stride
/// over chunks, threads over a chunk's elements; a pass ending at a reduce module leaves one sum
/// per chunk in `chunk_sums` (per slice in `slice_sums`: `store_unit_sums`),
/// folded in a fixed tree order in shared memory (`blockDim.x` × `max_terms` doubles; `blockDim.x`
/// a power of two).
template <std::size_t Pass, handoff H, class Chain, class T>
TZERO_KERNEL void pass_kernel(Chain c, step_coeffs<Chain> k, step_arguments<T> a) {
    using P = plan_of<Chain>;
    extern __shared__ double sums[];
    std::size_t const units = units_of_pass<Chain, Pass>(a);
    for (std::size_t ci = blockIdx.x; ci < units; ci += gridDim.x) {
        auto const mine = pass_thread<Pass, H>(c, k, a, ci, threadIdx.x, blockDim.x);
        if constexpr (Pass < P::reductions) {
            constexpr int K = P::terms_of_pass(Pass);
            for (int j = 0; j < K; ++j) sums[threadIdx.x * K + j] = mine[j];
            __syncthreads();
            for (unsigned step = blockDim.x / 2; step > 0; step /= 2) {
                tree_level<pass_fold<Chain, Pass>>(sums, threadIdx.x, step);
                __syncthreads();
            }
            if (threadIdx.x == 0) store_unit_sums<Chain, Pass>(a, ci, sums);
            __syncthreads();
        }
    }
}

/// Folds and finalizes reduce module `R` (one thread: a few adds per chunk, in order; or every
/// thread of the grid, a slice unit each: `finalize_pass`); `loss` is
/// the step's loss, for reduce modules that read it.
template <std::size_t R, class Chain, class T>
TZERO_KERNEL void finalize_kernel(Chain c, step_arguments<T> a, double loss) {
    finalize_pass<R>(c, a, loss, std::size_t(blockIdx.x) * blockDim.x + threadIdx.x,
                     std::size_t(gridDim.x) * blockDim.x);
}

}  // namespace tzero::cuda
