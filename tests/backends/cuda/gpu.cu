// The CUDA optimizer on a real GPU against the same kernel bodies run on the host (emulate.hpp,
// itself checked against the CPU backend by emulate.cpp): every chain shape, odd sizes,
// misaligned tensors, determinism, and the error paths. Without a device it says so and exits 77
// (ctest's skip code); nvcc compiles it everywhere, so CI catches breakage without a GPU. Every
// module's chain is checked by the shards of gpu_modules.cu, linked into the same program.
#include "backends/cuda/gpu_support.cuh"

namespace gpu_test {

int run() {
    int devices = 0;
    if (cudaGetDeviceCount(&devices) != cudaSuccess || devices == 0) {
        // Without a device, CUDA's failure must still surface as a tzero::error with its message.
        try {
            float fake[4] = {};
            cuda::optimizer opt(adam() | lr(0.1), std::vector{tensor_view<float>(fake, {4})});
            std::printf("FAILED: building a CUDA optimizer without a device did not throw\n");
            return 1;
        } catch (error const& e) {
            if (std::string(e.what()).find("tzero: cuda: ") != 0) {
                std::printf("FAILED: unexpected message: %s\n", e.what());
                return 1;
            }
            std::printf("cuda: without a device, CUDA errors arrive as tzero::error (%s)\n", e.what());
        }
        std::printf("cuda: compiled with nvcc; no CUDA device here, GPU tests skipped\n");
        return 77;
    }
    cudaDeviceProp prop{};
    cudaGetDeviceProperties(&prop, 0);
    std::printf("cuda: running on %s\n", prop.name);

    auto const seed = clip_value(1) | adam() | lr(0.1) | cautious() | weight_decay(1e-4);
    auto const seed_normalized = clip_value(1) | adam() | lr(0.1) | cautious(normalized) | weight_decay(1e-4);
    auto const materialized = adam() | clip_norm(0.5) | lr(0.01);
    auto const three = clip_norm(2.0, global) | rmsprop(0.9, 1e-8, centered) | cautious(normalized) | nag() | lr(0.01);
    auto const slices = centralize(per_slice(0)) | adam() | clip_norm(0.3) | lr(0.01);  // a block per slice

    cuda::cuda_options const one_block_per_chunk{.chunk_size = 4096, .shape = {0, 256}};
    // Built with --fmad=false (tests/CMakeLists.txt), the device rounds every +, −, ×, ÷ and √ as
    // the host does: chains of those alone agree to the last bit. CUDA's exp, log and pow are a
    // few ulps from the host's, which 8 steps of pow(·, 3) grow to ~4e-4 (measured on an H200).
    double worst = 0, worst_exact = 0;
    for (auto const& o : {one_block_per_chunk, grid_stride})
        worst_exact = std::max({worst_exact, differs_by(seed, o), differs_by(seed_normalized, o),
                                differs_by(materialized, o), differs_by(three, o), differs_by(slices, o)});
    // every module, in the shards' translation units (gpu_modules.cu)
    expect(module_shards().size() == TZERO_GPU_SHARDS, "every shard of the module list is linked in");
    for (auto const shard : module_shards()) worst = std::max(worst, shard());
    std::printf("cuda: largest relative difference GPU vs host bodies: %.3g (plan shapes: %.3g)\n", worst, worst_exact);
    expect(worst_exact == 0, "the plan shapes' GPU steps equal the host-emulated steps bit for bit");
    expect(worst < 1e-3, "every module's GPU steps equal the host-emulated steps to 1e-3");

    std::vector<std::vector<float>> first, second;
    gpu_vs_emulated(seed_normalized, grid_stride, &first);
    gpu_vs_emulated(seed_normalized, grid_stride, &second);
    expect(first == second, "two GPU runs are bitwise identical");

    try {
        float* d = nullptr;
        cuda::check(cudaMalloc(&d, 16 * sizeof(float)), "malloc");
        cuda::optimizer opt(adam() | lr(0.1), std::vector{tensor_view<float>(d, {4, 4})});
        std::vector<tensor_view<float const>> wrong{tensor_view<float const>(d, {16})};
        opt.step(wrong);
        expect(false, "a gradient of the wrong shape throws");
    } catch (error const& e) {
        expect(std::string(e.what()).find("has shape (16,) but parameter 0 has shape (4, 4)") != std::string::npos,
               "the shape error names both shapes");
    }
    std::printf(failures ? "cuda: %d check(s) failed\n" : "cuda: all checks passed\n", failures);
    return failures ? 1 : 0;
}

}  // namespace gpu_test

int main() { return gpu_test::run(); }
