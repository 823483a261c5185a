// Real data: scikit-learn's handwritten digits (1797 images of 8×8 pixels, 0–16, ten classes),
// read from the CSV that Debian's python3-sklearn package ships (sklearn/datasets/data/digits.csv.gz),
// classified by a 64→64→10 tanh network trained with softmax cross-entropy by the seed chain:
//     clip_value(1) | adam() | lr(1e-2) | cautious() | weight_decay(1e-4)   (tz::presets::seed)
// on mini-batches of 32. Forward and backward are written by hand with xtensor and xtensor-blas;
// tzero steps the four parameter tensors in one fused pass per batch.
//
//     digits [data.csv.gz] [--epochs N] [--require ACCURACY]
//
// The split is fixed (a Fisher–Yates shuffle driven by std::mt19937 seeded 0: the same on every
// standard library): 1437 training images, 360 test images. Prints the training loss and the test
// accuracy after each epoch; exits 1 when the final accuracy is below --require (default 0.95),
// and 77 (ctest's skip code) when the data file is missing.
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xsort.hpp>
#include <xtensor/xtensor.hpp>
#include <xtensor/xview.hpp>

#include <tzero/presets.hpp>
#include <tzero/tzero.hpp>

namespace tz = tzero;  // short, and takes no common name (grad, sqrt, sum, ...) into scope

using matrix = xt::xtensor<float, 2>;
using vector = xt::xtensor<float, 1>;

namespace {

char const* default_path = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";

struct dataset {
    matrix images;                    // n × 64, pixels scaled to [0, 1]
    std::vector<std::size_t> labels;  // n, 0–9
};

/// Reads the gzip-compressed CSV: one image a line, 64 pixels then the label. Empty on failure.
dataset read_digits(char const* path) {
    dataset d;
    gzFile file = gzopen(path, "rb");
    if (!file) return d;
    std::vector<float> pixels;
    char line[4096];
    while (gzgets(file, line, sizeof line)) {
        std::stringstream fields(line);
        std::string field;
        std::vector<float> row;
        while (std::getline(fields, field, ',')) row.push_back(std::strtof(field.c_str(), nullptr));
        if (row.size() != 65) continue;
        for (int j = 0; j < 64; ++j) pixels.push_back(row[j] / 16.f);
        d.labels.push_back(std::size_t(row[64]));
    }
    gzclose(file);
    d.images = matrix::from_shape({d.labels.size(), 64});
    std::copy(pixels.begin(), pixels.end(), d.images.begin());
    return d;
}

/// Rows `rows` of `x`, in that order.
matrix gather(matrix const& x, std::vector<std::size_t> const& rows) {
    matrix out = matrix::from_shape({rows.size(), x.shape(1)});
    for (std::size_t i = 0; i < rows.size(); ++i) xt::row(out, i) = xt::row(x, rows[i]);
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    char const* path = default_path;
    int epochs = 30;
    double required = 0.95;
    for (int i = 1; i < argc; ++i) {
        std::string const arg = argv[i];
        if (arg == "--epochs" && i + 1 < argc) epochs = std::atoi(argv[++i]);
        else if (arg == "--require" && i + 1 < argc) required = std::atof(argv[++i]);
        else path = argv[i];
    }
    dataset const data = read_digits(path);
    if (data.labels.size() != 1797) {
        std::printf(
            "digits: no data at %s (scikit-learn's digits: install python3-sklearn, or run scripts/setup "
            "python3-sklearn); skipped\n",
            path);
        return 77;
    }

    // The fixed split.
    std::mt19937 rng(0);
    std::vector<std::size_t> order(data.labels.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    for (std::size_t i = order.size() - 1; i > 0; --i)
        std::swap(order[i], order[std::uniform_int_distribution<std::size_t>(0, i)(rng)]);
    std::vector<std::size_t> const train(order.begin(), order.begin() + 1437), test(order.begin() + 1437, order.end());
    matrix const test_x = gather(data.images, test);

    // Parameters, initialized as torch.nn.Linear does: U(−1/√fan_in, 1/√fan_in).
    auto uniform = [&](float bound) { return std::uniform_real_distribution<float>(-bound, bound)(rng); };
    auto w1 = matrix::from_shape({64, 64}), w2 = matrix::from_shape({64, 10});
    auto b1 = vector::from_shape({64}), b2 = vector::from_shape({10});
    for (auto* t : {&w1, &w2})
        for (auto& v : *t) v = uniform(1 / std::sqrt(float(t->shape(0))));
    for (auto& v : b1) v = uniform(1 / 8.f);
    for (auto& v : b2) v = uniform(1 / 8.f);

    tz::optimizer opt(tz::presets::seed(1e-2), tz::params(w1, b1, w2, b2));

    auto forward = [&](matrix const& x, matrix& hidden) {
        hidden = xt::tanh(xt::linalg::dot(x, w1) + b1);
        return matrix(xt::linalg::dot(hidden, w2) + b2);  // logits
    };
    auto accuracy = [&] {
        matrix hidden;
        auto const predicted = xt::argmax(forward(test_x, hidden), 1);
        std::size_t right = 0;
        for (std::size_t i = 0; i < test.size(); ++i) right += predicted(i) == data.labels[test[i]];
        return double(right) / double(test.size());
    };

    std::printf("digits: 64-64-10 tanh MLP, %zu training and %zu test images, %s\n", train.size(), test.size(),
                tz::describe(opt.chain()).c_str());
    std::size_t const batch = 32;
    std::vector<std::size_t> shuffled = train;
    double acc = 0;
    for (int epoch = 1; epoch <= epochs; ++epoch) {
        std::shuffle(shuffled.begin(), shuffled.end(), rng);  // batch order: any permutation does
        double total = 0;
        for (std::size_t start = 0; start < shuffled.size(); start += batch) {
            std::vector<std::size_t> const rows(shuffled.begin() + start,
                                                shuffled.begin() + std::min(start + batch, shuffled.size()));
            float const n = float(rows.size());
            matrix const x = gather(data.images, rows);
            matrix hidden;
            matrix z = forward(x, hidden);
            // softmax cross-entropy, stable: log Σ e^(z − max z) − (z_y − max z)
            matrix const shifted = z - xt::view(xt::amax(z, {1}), xt::all(), xt::newaxis());
            matrix probabilities = xt::exp(shifted);
            probabilities /= xt::view(xt::sum(probabilities, {1}), xt::all(), xt::newaxis());
            for (std::size_t i = 0; i < rows.size(); ++i) {
                std::size_t const y = data.labels[rows[i]];
                total -= std::log(probabilities(i, y));
                probabilities(i, y) -= 1;  // ∂loss/∂z = softmax − one_hot, per image
            }
            matrix const dz = probabilities / n;
            matrix const dw2 = xt::linalg::dot(xt::transpose(hidden), dz);
            vector const db2 = xt::sum(dz, {0});
            matrix const dpre = xt::linalg::dot(dz, xt::transpose(w2)) * (1.f - hidden * hidden);
            matrix const dw1 = xt::linalg::dot(xt::transpose(x), dpre);
            vector const db1 = xt::sum(dpre, {0});
            opt.step(dw1, db1, dw2, db2);
        }
        acc = accuracy();
        std::printf("epoch %2d: loss %.4f, test accuracy %.1f %%\n", epoch, total / double(train.size()), 100 * acc);
    }
    std::printf("final test accuracy %.1f %% (required %.1f %%)\n", 100 * acc, 100 * required);
    return acc >= required ? 0 : 1;
}
