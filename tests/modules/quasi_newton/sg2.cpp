// sg2: the estimate's diagonal exact and its off-diagonal ±(aᵢ + aⱼ)/2 for a separable quadratic
// and one Rademacher sample; the mean over many samples the Hessian; the closure calls of each
// step; the scaled first steps (start_step), then the least-squares solve; β's running mean;
// validation. torchzero's SG2 draws from torch's generator: its statistics are compared, not its
// trajectory.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(dense_module<sg2> && curvature_module<sg2>);

namespace {
using sg2_shapes = std::vector<std::vector<std::size_t>>;

/// ½·Σᵢⱼ aᵢⱼ xᵢxⱼ − Σ xᵢ with `a` given, over tensors of sizes 2 and 1.
struct sg2_problem {
    double (*a)(std::size_t, std::size_t);
    tzero_test::tensor_list<double> p{sg2_shapes{{2}, {1}}};
    double operator()(std::span<tensor_view<double> const> grads) {
        std::vector<double> const x = p.flat();
        std::vector<double> g(3, -1.0);
        double f = 0;
        for (std::size_t i = 0; i < 3; ++i) {
            for (std::size_t j = 0; j < 3; ++j) g[i] += a(i, j) * x[j];
            f += 0.5 * x[i] * (g[i] + 1) - x[i];
        }
        std::size_t k = 0;
        for (auto const& view : grads)
            for (std::size_t i = 0; i < view.size(); ++i) view.data[i] = g[k++];
        return f;
    }
};
double diagonal(std::size_t i, std::size_t j) { return i == j ? 1.0 + 2.0 * double(i) : 0.0; }
double coupled(std::size_t i, std::size_t j) { return i == j ? 4.0 : 1.0; }
}  // namespace

TEST_CASE("sg2: one sample on a separable quadratic: the diagonal exact, the rest ±(aᵢ + aⱼ)/2",
          "[modules][quasi_newton][closure]") {
    sg2_problem f{diagonal};
    f.p.assign_flat({1, -1, 0.5});
    optimizer opt(sg2{.n_first_step_samples = 1, .damping = 0.25, .h = 0.5} | lr(0.1), f.p.views());
    opt.step(f);
    auto const H = opt.dense_state();
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 3; ++j) {
            INFO("H[" << i << "][" << j << "]");
            if (i == j) CHECK(H[i * 3 + j] == diagonal(i, i) + 0.25);
            else CHECK(std::abs(H[i * 3 + j]) == (diagonal(i, i) + diagonal(j, j)) / 2);
            CHECK(H[i * 3 + j] == H[j * 3 + i]);
        }
    CHECK(opt.evaluations() == 1 + 2);
}

TEST_CASE("sg2: the mean of many samples is the Hessian, calls, the scaled first steps, then the solve",
          "[modules][quasi_newton][closure]") {
    sg2_problem f{coupled};
    f.p.assign_flat({1, -1, 0.5});
    optimizer opt(sg2{.n_samples = 2, .n_first_step_samples = 4000, .start_step = 1, .damping = 0, .h = 0.5} | lr(1.0),
                  f.p.views());
    std::vector<double> const x0 = f.p.flat();
    opt.step(f);  // k = 0 < start_step: d = u/tr(H)
    auto const H = opt.dense_state();
    double trace = 0;
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 3; ++j) {
            // each sample's off-diagonal noise has standard deviation √2 here: 4000 of them, 0.022
            CHECK(std::abs(H[i * 3 + j] - coupled(i, j)) < 0.15);
            if (i == j) trace += H[i * 3 + i];
        }
    std::vector<double> const x1 = f.p.flat();
    for (std::size_t i = 0; i < 3; ++i) {
        double g = -1;
        for (std::size_t j = 0; j < 3; ++j) g += coupled(i, j) * x0[j];
        CHECK(x1[i] == Approx(x0[i] - g / trace).epsilon(1e-12));
    }
    CHECK(opt.evaluations() == 1 + 2 * 4000);
    // from the second estimate (k = 1 = start_step) the least-squares solve: with H near the
    // Hessian, lr 1 lands near the minimum
    for (int t = 0; t < 3; ++t) opt.step(f);
    CHECK(opt.evaluations() == 1 + 2 * 4000 + 3 * (1 + 2 * 2));
    std::vector<double> const x = f.p.flat();
    for (std::size_t i = 0; i < 3; ++i) {
        double g = -1;
        for (std::size_t j = 0; j < 3; ++j) g += coupled(i, j) * x[j];
        CHECK(std::abs(g) < 0.2);
    }
}

TEST_CASE("sg2: validation", "[modules][quasi_newton]") {
    CHECK_THROWS_WITH(validate(sg2{.n_samples = 0}), Contains("sg2: n_samples and n_first_step_samples must be >= 1"));
    CHECK_THROWS_WITH(validate(sg2{.beta = 1}), Contains("sg2: beta must be in [0, 1)"));
    CHECK_THROWS_WITH(validate(sg2{.h = 0}), Contains("sg2: h must be a finite number > 0"));
    CHECK_THROWS_WITH(validate(sg2{.start_step = -1}), Contains("sg2: start_step must be >= 0"));
    CHECK_THAT(describe_plan(sg2() | lr(0.1)), Contains("dense stage sg2"));
}
