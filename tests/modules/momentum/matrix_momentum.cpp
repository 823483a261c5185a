// matrix_momentum: against its update written out with the exact H·s on a quadratic (forward and
// central differences), the first step's scale, the adaptive μ, the closure calls a step, a
// closure that throws inside the product, validation. Parity with torchzero (a corrected first
// step): tests/reference/dense_parity.cpp (matrix_momentum_*).
#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(curvature_module<matrix_momentum> && reduce_module<matrix_momentum>);
static_assert(plan_of<matrix_momentum>::has_curvature && plan_of<matrix_momentum>::passes == 2);

namespace {
using vec = std::vector<double>;
using shape_list = std::vector<std::vector<std::size_t>>;

double curvature_of(std::size_t i) { return 1.0 + double(i % 5); }

/// ½·Σ aᵢ(xᵢ − 1)², over tensors of sizes 1, 3 and 2; the gradient into `grads`.
struct problem {
    tzero_test::tensor_list<double> p{shape_list{{1}, {3}, {2}}};
    int calls = 0, throw_at = -1;
    double operator()(std::span<tensor_view<double> const> grads) {
        if (calls++ == throw_at) throw std::runtime_error("boom");
        vec const x = p.flat();
        double f = 0;
        std::size_t k = 0;
        for (std::size_t i = 0; i < x.size(); ++i) f += 0.5 * curvature_of(i) * (x[i] - 1) * (x[i] - 1);
        for (auto const& view : grads)
            for (std::size_t i = 0; i < view.size(); ++i, ++k) view.data[i] = curvature_of(k) * (x[k] - 1);
        return f;
    }
};

/// The update written out: lr·u·scale first, then lr·u − s + μ·A·s.
vec matrix_momentum_written_out(matrix_momentum const& m, int steps) {
    vec x = {0.5, -1.0, 2.0, 0.0, 3.0, -0.5}, prev, g_prev;
    for (int t = 1; t <= steps; ++t) {
        vec g(6), d(6);
        for (std::size_t i = 0; i < 6; ++i) g[i] = curvature_of(i) * (x[i] - 1);
        if (t == 1) {
            double sum = 0, max = 0;
            for (double v : g) sum += std::abs(m.lr * v), max = std::max(max, std::abs(m.lr * v));
            double const scale = std::min(1.0, std::max(1 / sum, 1e-7 / max));
            for (std::size_t i = 0; i < 6; ++i) d[i] = m.lr * g[i] * scale;
        } else {
            double mu = m.mu, ss = 0, yy = 0;
            for (std::size_t i = 0; i < 6; ++i)
                ss += (x[i] - prev[i]) * (x[i] - prev[i]), yy += (g[i] - g_prev[i]) * (g[i] - g_prev[i]);
            if (m.adaptive) mu *= std::sqrt(ss) / std::sqrt(yy);
            for (std::size_t i = 0; i < 6; ++i) {
                double const s = x[i] - prev[i];
                d[i] = m.lr * g[i] - s + mu * curvature_of(i) * s;
            }
        }
        prev = x, g_prev = g;
        for (std::size_t i = 0; i < 6; ++i) x[i] -= d[i];
    }
    return x;
}

vec run_matrix_momentum(matrix_momentum const& m, int steps, long* calls = nullptr) {
    problem f;
    f.p.assign_flat({0.5, -1.0, 2.0, 0.0, 3.0, -0.5});
    optimizer opt(m, f.p.views());
    for (int t = 0; t < steps; ++t) opt.step(f);
    if (calls) *calls = opt.evaluations();
    return f.p.flat();
}
}  // namespace

TEST_CASE("matrix_momentum: lr·u − s + μ·H·s, H·s from finite differences of the closure's gradients",
          "[modules][momentum][closure]") {
    for (auto const& m : {matrix_momentum{.lr = 0.1, .mu = 0.05}, matrix_momentum{.lr = 0.1, .mu = 0.05, .h = 1e-2},
                          matrix_momentum{.lr = 0.05, .mu = 0.1, .hvp = hvp_method::fd_central},
                          matrix_momentum{.lr = 0.1, .mu = 0.5, .adaptive = true}}) {
        long calls = 0;
        vec const got = run_matrix_momentum(m, 8, &calls);
        vec const want = matrix_momentum_written_out(m, 8);
        for (std::size_t i = 0; i < 6; ++i) CHECK(tzero_test::close(got[i], want[i], 1e-9));
        // the gradient at p a step, and the product's one (two central) from the second step on
        CHECK(calls == 8 + 7 * (m.hvp == hvp_method::fd_central ? 2 : 1));
    }
}

TEST_CASE("matrix_momentum: a closure that throws inside the product changes nothing, bad values are refused",
          "[modules][momentum][closure]") {
    problem f;
    f.p.assign_flat({0.5, -1.0, 2.0, 0.0, 3.0, -0.5});
    optimizer opt(matrix_momentum{.lr = 0.1, .mu = 0.05}, f.p.views());
    for (int t = 0; t < 3; ++t) opt.step(f);
    vec const before = f.p.flat();
    std::vector<double> const p_prev(opt.state(0, 1).begin(), opt.state(0, 1).end());
    f.throw_at = f.calls + 1;  // the product's gradient
    CHECK_THROWS_WITH(opt.step(f), Contains("Hessian-vector products"));
    CHECK(f.p.flat() == before);
    CHECK(std::vector<double>(opt.state(0, 1).begin(), opt.state(0, 1).end()) == p_prev);
    CHECK(opt.steps() == 3);

    CHECK_THROWS_WITH(validate(matrix_momentum()), Contains("matrix_momentum: lr must be a finite number"));
    CHECK_THROWS_WITH(validate(matrix_momentum{.lr = 1, .h = 0}), Contains("h must be a finite number > 0"));
    CHECK_THAT(describe_plan(matrix_momentum{.lr = 1}), Contains("curvature estimate"));
}
