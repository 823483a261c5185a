// The seed example with its optimizer on the GPU: the same 10→10→1 ReLU network and data as
// mlp_cautious_adam.cpp, forward and backward on the host in plain loops, and every step of
// clip_value(1) | adam() | lr(1e-1) | cautious() | weight_decay(1e-4) run by tzero's CUDA kernels
// on parameters that live in device memory. Exits 77 (skipped) without a GPU; otherwise non-zero
// unless the loss falls below a third of its start.
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include <tzero/backends/cuda/optimizer.cuh>
#include <tzero/modules/adaptive/adam.hpp>
#include <tzero/modules/clipping/clip_value.hpp>
#include <tzero/modules/momentum/cautious.hpp>
#include <tzero/modules/step_size/lr.hpp>
#include <tzero/modules/weight_decay/weight_decay.hpp>

int main() {
    int devices = 0;
    if (cudaGetDeviceCount(&devices) != cudaSuccess || devices == 0) {
        std::printf("no CUDA device: the GPU seed example is skipped\n");
        return 77;
    }
    constexpr int n = 32, d = 10, h = 10;
    std::mt19937 rng(0);
    std::normal_distribution<float> normal;
    std::bernoulli_distribution coin(0.5);
    std::vector<float> x(n * d), y(n);
    for (auto& v : x) v = normal(rng);
    for (auto& v : y) v = coin(rng) ? 1.f : 0.f;
    // w1 (d×h), b1 (h), w2 (h), b2 (1), one host buffer and its device twin
    std::vector<float> params(d * h + h + h + 1), grads(params.size());
    float const bound = 1 / std::sqrt(float(d));
    for (auto& v : params) v = std::uniform_real_distribution<float>(-bound, bound)(rng);
    float *dev_params = nullptr, *dev_grads = nullptr;
    tzero::cuda::check(cudaMalloc(&dev_params, params.size() * sizeof(float)), "malloc");
    tzero::cuda::check(cudaMalloc(&dev_grads, grads.size() * sizeof(float)), "malloc");
    cudaMemcpy(dev_params, params.data(), params.size() * sizeof(float), cudaMemcpyHostToDevice);
    std::size_t const sizes[] = {d * h, h, h, 1};
    std::vector<tzero::tensor_view<float>> views;
    std::vector<tzero::tensor_view<float const>> grad_views;
    for (std::size_t i = 0, at = 0; i < 4; at += sizes[i++]) {
        views.emplace_back(dev_params + at, std::vector{sizes[i]});
        grad_views.emplace_back(dev_grads + at, std::vector{sizes[i]});
    }
    using namespace tzero;
    cuda::optimizer opt(clip_value(1) | adam() | lr(1e-1) | cautious() | weight_decay(1e-4), views);

    float first = 0, loss = 0;
    for (int epoch = 1; epoch <= 100; ++epoch) {
        cudaMemcpy(params.data(), dev_params, params.size() * sizeof(float), cudaMemcpyDeviceToHost);
        float const *w1 = params.data(), *b1 = w1 + d * h, *w2 = b1 + h, *b2 = w2 + h;
        std::fill(grads.begin(), grads.end(), 0.f);
        float *gw1 = grads.data(), *gb1 = gw1 + d * h, *gw2 = gb1 + h, *gb2 = gw2 + h;
        loss = 0;
        for (int i = 0; i < n; ++i) {
            float pre[h], z = b2[0];
            for (int j = 0; j < h; ++j) {
                pre[j] = b1[j];
                for (int k = 0; k < d; ++k) pre[j] += x[i * d + k] * w1[k * h + j];
                z += std::max(pre[j], 0.f) * w2[j];
            }
            loss += (std::max(z, 0.f) - z * y[i] + std::log1p(std::exp(-std::abs(z)))) / n;
            float dz = (1 / (1 + std::exp(-z)) - y[i]) / n;
            gb2[0] += dz;
            for (int j = 0; j < h; ++j) {
                gw2[j] += std::max(pre[j], 0.f) * dz;
                float dpre = pre[j] > 0 ? dz * w2[j] : 0.f;
                gb1[j] += dpre;
                for (int k = 0; k < d; ++k) gw1[k * h + j] += x[i * d + k] * dpre;
            }
        }
        if (epoch == 1) first = loss;
        if (epoch % 10 == 0) std::printf("epoch %3d: %.4g\n", epoch, double(loss));
        cudaMemcpy(dev_grads, grads.data(), grads.size() * sizeof(float), cudaMemcpyHostToDevice);
        opt.step(grad_views);
    }
    std::printf("final loss %.4g (from %.4g) with the optimizer on the GPU\n", double(loss), double(first));
    cudaFree(dev_params);
    cudaFree(dev_grads);
    return loss < first / 3 ? 0 : 1;
}
