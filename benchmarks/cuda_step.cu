// GPU step benchmark (run by scripts/bench-cuda on a machine with an NVIDIA GPU): effective
// bandwidth of tzero's fused kernels against a device-to-device cudaMemcpy in the same run.
// Prints one JSON object per row: name, n, ms per step (median of 20), bytes moved, GB/s.
// Usage: cuda_step [n [chunk_size threads]] (the optimizer's defaults otherwise).
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <tzero/backends/cuda/optimizer.cuh>
#include <tzero/modules/adaptive/adam.hpp>
#include <tzero/modules/clipping/clip_norm.hpp>
#include <tzero/modules/clipping/clip_value.hpp>
#include <tzero/modules/momentum/cautious.hpp>
#include <tzero/modules/step_size/lr.hpp>
#include <tzero/modules/weight_decay/weight_decay.hpp>

using namespace tzero;

namespace {

cuda::cuda_options options;  // the launch shape under test (argv)

template <class F>
double median_ms(F&& f, int repeats = 20) {
    cudaEvent_t start, stop;
    cuda::check(cudaEventCreate(&start), "event");
    cuda::check(cudaEventCreate(&stop), "event");
    for (int i = 0; i < 3; ++i) f();
    std::vector<float> ms(std::size_t(repeats), 0.0f);
    for (auto& m : ms) {
        cuda::check(cudaEventRecord(start), "record");
        f();
        cuda::check(cudaEventRecord(stop), "record");
        cuda::check(cudaEventSynchronize(stop), "synchronize");
        cuda::check(cudaEventElapsedTime(&m, start, stop), "elapsed");
    }
    cudaEventDestroy(start);
    cudaEventDestroy(stop);
    std::sort(ms.begin(), ms.end());
    return double(ms[ms.size() / 2]);
}

void row(char const* name, std::size_t n, double ms, double bytes) {
    std::printf("{\"name\": \"%s\", \"n\": %zu, \"ms\": %.4f, \"bytes\": %.0f, \"GBps\": %.1f}\n", name, n, ms, bytes,
                bytes / (ms * 1e-3) * 1e-9);
}

// `chain` over one tensor of n elements: a vector, or a matrix of `columns` columns.
template <class Chain>
void step_row(char const* name, Chain const& chain, std::size_t n, float* p, float const* g, std::size_t columns = 0) {
    std::vector<std::size_t> const shape = columns ? std::vector{n / columns, columns} : std::vector{n};
    cuda::optimizer opt(chain, std::vector{tensor_view<float>(p, shape)}, options);
    std::vector<tensor_view<float const>> grads{tensor_view<float const>(g, shape)};
    double ms = median_ms([&] { opt.step(grads); });
    row(name, n, ms, double(n) * double(plan_of<as_chain_t<Chain>>::template bytes_per_element<float>));
}

}  // namespace

int main(int argc, char** argv) {
    int devices = 0;
    if (cudaGetDeviceCount(&devices) != cudaSuccess || devices == 0) {
        std::printf("cuda_step: no CUDA device\n");
        return 77;
    }
    cudaDeviceProp prop{};
    cuda::check(cudaGetDeviceProperties(&prop, 0), "properties");
    std::fprintf(stderr, "cuda_step: %s\n", prop.name);
    std::vector<std::size_t> sizes = {std::size_t(1) << 24, std::size_t(1) << 28};
    if (argc > 1) sizes = {std::stoull(argv[1])};
    if (argc > 3) options.chunk_size = std::stoull(argv[2]), options.shape.threads = unsigned(std::stoul(argv[3]));
    for (std::size_t n : sizes) {
        float *p = nullptr, *g = nullptr, *copy = nullptr;
        cuda::check(cudaMalloc(&p, n * sizeof(float)), "malloc");
        cuda::check(cudaMalloc(&g, n * sizeof(float)), "malloc");
        cuda::check(cudaMalloc(&copy, n * sizeof(float)), "malloc");
        cuda::check(cudaMemset(p, 0, n * sizeof(float)), "memset");
        cuda::check(cudaMemset(g, 0, n * sizeof(float)), "memset");
        double ms =
            median_ms([&] { cuda::check(cudaMemcpy(copy, g, n * sizeof(float), cudaMemcpyDeviceToDevice), "copy"); });
        row("copy/device_to_device", n, ms, 2.0 * double(n) * sizeof(float));
        step_row("tzero/adam_lr", adam() | lr(0.1), n, p, g);
        step_row("tzero/seed", clip_value(1) | adam() | lr(0.1) | cautious() | weight_decay(1e-4), n, p, g);
        step_row("tzero/seed_normalized", clip_value(1) | adam() | lr(0.1) | cautious(normalized) | weight_decay(1e-4),
                 n, p, g);
        // one clip_norm per tensor, per row, per column of an (n / 1024) × 1024 matrix: the same bytes
        step_row("slices/per_tensor", adam() | clip_norm(0.5) | lr(0.01), n, p, g, 1024);
        step_row("slices/rows", adam() | clip_norm(0.5, per_slice(-1)) | lr(0.01), n, p, g, 1024);
        step_row("slices/columns", adam() | clip_norm(0.5, per_slice(0)) | lr(0.01), n, p, g, 1024);
        cudaFree(p);
        cudaFree(g);
        cudaFree(copy);
    }
    return 0;
}
