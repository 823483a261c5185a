// nvcc check: the module math and the core compile as host and device code from one text, and
// (when a GPU is present) fused steps on the device equal the same steps run on the host.
// Without a device the GPU part is skipped with a message (exit 77, ctest's skip code).
#include <cmath>
#include <cstdio>
#include <vector>

#include <cuda_runtime.h>

#include <tzero/core/evaluate.hpp>
#include <tzero/modules/adaptive/adam.hpp>
#include <tzero/modules/clipping/clip_value.hpp>
#include <tzero/modules/momentum/cautious.hpp>
#include <tzero/modules/step_size/lr.hpp>
#include <tzero/modules/weight_decay/weight_decay.hpp>

// One element of a single-pass step; the same function runs on the host and on the device.
template <class Chain>
__host__ __device__ void step_element(Chain const& c, tzero::step_coeffs<Chain> const& k, float* p, float const* g,
                                      float* state, std::size_t n, std::size_t i) {
    using P = tzero::plan_of<Chain>;
    static_assert(P::passes == 1, "this check runs single-pass chains");
    float s[P::state_slots > 0 ? P::state_slots : 1];
    for (int j = 0; j < P::state_slots; ++j) s[j] = state[j * n + i];
    float u = tzero::evaluate<0, P::modules>(c, k, g[i], g[i], p[i], s, static_cast<float const*>(nullptr));
    p[i] = p[i] - u;
    for (int j = 0; j < P::state_slots; ++j) state[j * n + i] = s[j];
}

template <class Chain>
__global__ void single_pass(Chain c, tzero::step_coeffs<Chain> k, float* p, float const* g, float* state,
                            std::size_t n) {
    for (std::size_t i = blockIdx.x * std::size_t(blockDim.x) + threadIdx.x; i < n; i += std::size_t(gridDim.x) * blockDim.x)
        step_element(c, k, p, g, state, n, i);
}

int main() {
    auto const chain = tzero::clip_value(1) | tzero::adam() | tzero::lr(0.1) | tzero::cautious() | tzero::weight_decay(1e-4);
    std::size_t const n = 1000;
    int const steps = 5;
    std::vector<float> p(n), g(n), cpu(n), cpu_state(2 * n, 0.0f);
    for (std::size_t i = 0; i < n; ++i) {
        p[i] = cpu[i] = std::sin(float(i));
        g[i] = 2 * std::cos(float(3 * i));  // beyond ±1, so clip_value acts; signs vary, so cautious acts
    }
    for (int t = 1; t <= steps; ++t)
        for (std::size_t i = 0; i < n; ++i) step_element(chain, tzero::per_step(chain, t), cpu.data(), g.data(), cpu_state.data(), n, i);

    int devices = 0;
    if (cudaGetDeviceCount(&devices) != cudaSuccess || devices == 0) {
        std::printf("cuda: compiled with nvcc; no CUDA device here, GPU step skipped\n");
        return 77;
    }
    float *dp = nullptr, *dg = nullptr, *ds = nullptr;
    cudaMalloc(&dp, n * sizeof(float));
    cudaMalloc(&dg, n * sizeof(float));
    cudaMalloc(&ds, 2 * n * sizeof(float));
    cudaMemcpy(dp, p.data(), n * sizeof(float), cudaMemcpyHostToDevice);
    cudaMemcpy(dg, g.data(), n * sizeof(float), cudaMemcpyHostToDevice);
    cudaMemset(ds, 0, 2 * n * sizeof(float));
    for (int t = 1; t <= steps; ++t) single_pass<<<4, 128>>>(chain, tzero::per_step(chain, t), dp, dg, ds, n);
    cudaError_t err = cudaMemcpy(p.data(), dp, n * sizeof(float), cudaMemcpyDeviceToHost);
    cudaFree(dp);
    cudaFree(dg);
    cudaFree(ds);
    if (err != cudaSuccess) {
        std::printf("cuda: %s\n", cudaGetErrorString(err));
        return 1;
    }
    for (std::size_t i = 0; i < n; ++i)
        if (std::abs(p[i] - cpu[i]) > 1e-6f * std::abs(cpu[i])) {
            std::printf("cuda: element %zu: GPU %.9g, CPU %.9g\n", i, double(p[i]), double(cpu[i]));
            return 1;
        }
    std::printf("cuda: %d GPU steps equal the host steps on %zu elements\n", steps, n);
    return 0;
}
