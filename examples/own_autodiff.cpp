// Foreign memory and your own gradients: a model whose parameters live in std::vector<float>
// buffers (as they would in another framework, a memory-mapped file or a GPU staging area) and
// whose gradients are computed by hand into buffers of the same layout. tzero sees both through
// tensor_views, pointer + shape, and steps the parameters in place; nothing is copied.
//
// The model: least squares y ≈ X·w + b on 256 noisy points of a known line in 8 dimensions,
// trained by presets::adam(5e-2) (adam() | lr(5e-2)). Exits non-zero unless w comes within
// 0.05 of the true coefficients.
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include <tzero/presets.hpp>
#include <tzero/tzero.hpp>

namespace tz = tzero;

int main() {
    constexpr std::size_t n = 256, d = 8;
    std::mt19937 rng(1);
    std::normal_distribution<float> normal;

    // Data: y = X·w_true + 0.5 + noise.
    std::vector<float> x(n * d), y(n), w_true(d);
    for (std::size_t j = 0; j < d; ++j) w_true[j] = float(j) / 4 - 1;
    for (auto& v : x) v = normal(rng);
    for (std::size_t i = 0; i < n; ++i) {
        float dot = 0.5f;
        for (std::size_t j = 0; j < d; ++j) dot += x[i * d + j] * w_true[j];
        y[i] = dot + 0.01f * normal(rng);
    }

    // Parameters and gradients: plain buffers, seen through views.
    std::vector<float> w(d, 0.f), b(1, 0.f), dw(d), db(1);
    tz::optimizer opt(tz::presets::adam(5e-2),
                      std::vector{tz::tensor_view<float>(w.data(), {d}), tz::tensor_view<float>(b.data(), {1})});
    std::vector<tz::tensor_view<float const>> const grads{tz::tensor_view<float const>(dw.data(), {d}),
                                                          tz::tensor_view<float const>(db.data(), {1})};

    for (int step = 1; step <= 300; ++step) {
        // loss = mean((X·w + b − y)²) / 2, and its gradient, by hand
        float loss = 0;
        std::fill(dw.begin(), dw.end(), 0.f);
        db[0] = 0;
        for (std::size_t i = 0; i < n; ++i) {
            float r = b[0] - y[i];
            for (std::size_t j = 0; j < d; ++j) r += x[i * d + j] * w[j];
            loss += r * r / (2 * n);
            for (std::size_t j = 0; j < d; ++j) dw[j] += r * x[i * d + j] / n;
            db[0] += r / n;
        }
        opt.step(grads);  // one fused pass over w and b, in place
        if (step % 50 == 0) std::printf("step %3d: loss %.6f\n", step, double(loss));
    }
    float worst = std::abs(b[0] - 0.5f);
    for (std::size_t j = 0; j < d; ++j) worst = std::max(worst, std::abs(w[j] - w_true[j]));
    std::printf("largest coefficient error %.4f\n", double(worst));
    return worst < 0.05f ? 0 : 1;
}
