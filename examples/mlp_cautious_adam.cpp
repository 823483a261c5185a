// The seed example: a 10→10→1 ReLU network fitted to 32 points with binary cross-entropy,
// trained for 100 full-batch epochs by cautious Adam with decoupled weight decay:
//     clip_value(1) | adam() | lr(1e-1) | cautious() | weight_decay(1e-4)
// Forward and backward are written with xtensor and xtensor-blas; tzero steps all four parameter
// tensors in one fused pass. Exits non-zero unless the loss falls below a third of its start.
#include <cmath>
#include <cstdio>
#include <random>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xtensor.hpp>

#include <tzero/tzero.hpp>

using matrix = xt::xtensor<float, 2>;
using vector = xt::xtensor<float, 1>;

int main() {
    std::mt19937 rng(0);
    std::normal_distribution<float> normal;
    auto uniform = [&](float bound) { return std::uniform_real_distribution<float>(-bound, bound)(rng); };

    // Data: 32 normal points with random 0/1 labels, which the network has to memorize.
    auto x = matrix::from_shape({32, 10});
    for (auto& v : x) v = normal(rng);
    auto y = matrix::from_shape({32, 1});
    std::bernoulli_distribution coin(0.5);
    for (auto& v : y) v = coin(rng) ? 1.f : 0.f;

    // Parameters, initialized as torch.nn.Linear does: U(−1/√fan_in, 1/√fan_in).
    auto w1 = matrix::from_shape({10, 10}), w2 = matrix::from_shape({10, 1});
    auto b1 = vector::from_shape({10}), b2 = vector::from_shape({1});
    for (auto& v : w1) v = uniform(1 / std::sqrt(10.f));
    for (auto& v : b1) v = uniform(1 / std::sqrt(10.f));
    for (auto& v : w2) v = uniform(1 / std::sqrt(10.f));
    for (auto& v : b2) v = uniform(1 / std::sqrt(10.f));

    using namespace tzero;
    optimizer opt(clip_value(1) | adam() | lr(1e-1) | cautious() | weight_decay(1e-4), params(w1, b1, w2, b2));

    float first = 0, loss = 0;
    std::printf("training a 10-10-1 MLP with clip_value(1) | adam() | lr(1e-1) | cautious() | weight_decay(1e-4)\n");
    for (int epoch = 1; epoch <= 100; ++epoch) {
        matrix pre = xt::linalg::dot(x, w1) + b1;  // 32×10
        matrix hidden = xt::maximum(pre, 0.f);
        matrix z = xt::linalg::dot(hidden, w2) + b2;  // 32×1 logits
        // BCE with logits, in its stable form: max(z, 0) − z·y + log(1 + e^−|z|)
        loss = xt::mean(xt::maximum(z, 0.f) - z * y + xt::log1p(xt::exp(-xt::abs(z))))();
        if (epoch == 1) first = loss;
        std::printf("%s%3d: %-9.4g", epoch % 5 == 1 ? "epoch " : " ", epoch, double(loss));  // 5 a line
        if (epoch % 5 == 0) std::printf("\n");

        matrix dz = (1.f / (1.f + xt::exp(-z)) - y) / 32.f;  // ∂loss/∂z
        matrix dw2 = xt::linalg::dot(xt::transpose(hidden), dz);
        vector db2 = xt::sum(dz, {0});
        matrix dpre = xt::linalg::dot(dz, xt::transpose(w2)) * xt::cast<float>(pre > 0.f);
        matrix dw1 = xt::linalg::dot(xt::transpose(x), dpre);
        vector db1 = xt::sum(dpre, {0});
        opt.step(dw1, db1, dw2, db2);
    }
    std::printf("final loss %.4g (from %.4g, %.0fx lower)\n", double(loss), double(first), double(first / loss));
    return loss < first / 3 ? 0 : 1;
}
