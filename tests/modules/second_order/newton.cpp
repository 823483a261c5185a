// newton: one step to a quadratic's minimum, the closure calls of each Hessian method and
// update_freq, the solve's fallbacks (a singular H: least squares of least norm), |L| on an
// indefinite H, truncate, a closure that throws while the Hessian is made, checkpoints with a
// kept Hessian, the plan, validation. Parity with torchzero: tests/reference/dense_parity.cpp
// (newton_*).
#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include <tzero/checkpoint.hpp>
#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(dense_module<newton> && curvature_module<newton> && !plan_of<newton>::curvature_stream);
static_assert(plan_of<decltype(newton() | backtracking())>::has_dense &&
              plan_of<decltype(newton() | backtracking())>::has_curvature);

namespace {
using vec = std::vector<double>;
using shapes = std::vector<std::vector<std::size_t>>;

/// f(x) = ½·xᵀAx − bᵀx with a symmetric A given by `a(i, j)`, over tensors of sizes 1 and 2.
struct quadratic {
    double (*a)(std::size_t, std::size_t);
    tzero_test::tensor_list<double> p{shapes{{1}, {2}}};
    int calls = 0, throw_at = -1;
    double operator()(std::span<tensor_view<double> const> grads) {
        if (calls++ == throw_at) throw std::runtime_error("boom");
        vec const x = p.flat();
        vec g(3, 0.0);
        double f = 0;
        for (std::size_t i = 0; i < 3; ++i) {
            for (std::size_t j = 0; j < 3; ++j) g[i] += a(i, j) * x[j];
            g[i] -= double(i) + 1;
        }
        for (std::size_t i = 0; i < 3; ++i) {
            double ax = 0;
            for (std::size_t j = 0; j < 3; ++j) ax += a(i, j) * x[j];
            f += 0.5 * x[i] * ax - (double(i) + 1) * x[i];
        }
        std::size_t k = 0;
        for (auto const& view : grads)
            for (std::size_t i = 0; i < view.size(); ++i) view.data[i] = g[k++];
        return f;
    }
};

double spd(std::size_t i, std::size_t j) { return i == j ? 4.0 + double(i) : 1.0 / (1.0 + double(i + j)); }
double indefinite(std::size_t i, std::size_t j) { return i == j ? (i == 1 ? -2.0 : 3.0) : 0.0; }
double singular(std::size_t i, std::size_t j) { return i < 2 && j < 2 ? 1.0 : (i == j ? 2.0 : 0.0); }
}  // namespace

TEST_CASE("newton: one step to a quadratic's minimum, each Hessian method's closure calls",
          "[modules][second_order][closure]") {
    for (auto method : {hessian_method::gfd_forward, hessian_method::gfd_central}) {
        quadratic f{spd};
        f.p.assign_flat({1, -2, 0.5});
        optimizer opt(newton{.hessian_method = method} | lr(1.0), f.p.views());
        opt.step(f);
        // A·x = b: the minimum (b = 1, 2, 3), to the finite differences' rounding
        vec const x = f.p.flat();
        for (std::size_t i = 0; i < 3; ++i) {
            double ax = 0;
            for (std::size_t j = 0; j < 3; ++j) ax += spd(i, j) * x[j];
            CHECK(ax == Approx(double(i) + 1).epsilon(1e-8));
        }
        CHECK(opt.evaluations() == (method == hessian_method::gfd_forward ? 1 + 3 : 1 + 6));
    }
    // update_freq: the Hessian on steps 1 and 4 only
    quadratic f{spd};
    f.p.assign_flat({1, -2, 0.5});
    optimizer opt(newton{.update_freq = 3} | lr(0.5), f.p.views());
    for (int t = 0; t < 4; ++t) opt.step(f);
    CHECK(opt.evaluations() == 4 + 2 * 3);
}

TEST_CASE("newton: a singular H falls back to least squares, |L| and truncate on the eigenvalues",
          "[modules][second_order][closure]") {
    // h = 0.5 from 0: the differences of these linear gradients are exact, so H is
    {  // H = [[1, 1, 0], [1, 1, 0], [0, 0, 2]]: Cholesky and LU fail; the least-norm solution
        quadratic f{singular};
        f.p.assign_flat({0, 0, 0});
        optimizer opt(newton{.h = 0.5} | lr(1.0), f.p.views());
        opt.step(f);  // u = g(0) = −b = (−1, −2, −3): d = H⁺u = (−0.75, −0.75, −1.5)
        vec const x = f.p.flat();
        CHECK(x[0] == Approx(0.75).epsilon(1e-6));
        CHECK(x[1] == Approx(0.75).epsilon(1e-6));
        CHECK(x[2] == Approx(1.5).epsilon(1e-6));
    }
    {  // H = diag(3, −2, 3): with |L| the step descends along every axis
        quadratic f{indefinite};
        f.p.assign_flat({0, 0, 0});
        optimizer opt(newton{.eigval_fn = +[](double l) { return std::abs(l); }, .h = 0.5} | lr(1.0), f.p.views());
        opt.step(f);  // u = (−1, −2, −3): d = (−1/3, −1, −1)
        vec const x = f.p.flat();
        CHECK(x[0] == Approx(1.0 / 3).epsilon(1e-6));
        CHECK(x[1] == Approx(1.0).epsilon(1e-6));
        CHECK(x[2] == Approx(1.0).epsilon(1e-6));
        // truncate = 1 keeps one of the two 3s: the step moves along one eigenvector only
        quadratic g{spd};
        g.p.assign_flat({0, 0, 0});
        optimizer one(newton{.truncate = 1} | lr(1.0), g.p.views());
        one.step(g);
        CHECK(one.dense_state()[2 * 9 + 3] == 1);  // one eigenpair kept
    }
}

TEST_CASE("newton: a closure that throws while the Hessian is made changes nothing, checkpoints keep it",
          "[modules][second_order][closure][checkpoint]") {
    quadratic f{spd};
    f.p.assign_flat({1, -2, 0.5});
    auto const chain = newton{.damping = 0.5, .update_freq = 2} | lr(0.5);
    optimizer opt(chain, f.p.views());
    opt.step(f);
    std::vector<double> const state(opt.dense_state().begin(), opt.dense_state().end());
    f.throw_at = f.calls + 2;  // the second column's gradient (step 3 makes H: update_freq 2)
    opt.step(f);               // step 2 reuses H
    vec const x2 = f.p.flat();
    f.throw_at = f.calls + 2;
    CHECK_THROWS_WITH(opt.step(f), Contains("Hessian-vector products"));
    CHECK(f.p.flat() == x2);
    CHECK(std::vector<double>(opt.dense_state().begin(), opt.dense_state().end()) == state);
    CHECK(opt.steps() == 2);
    f.throw_at = -1;

    std::string const file = to_checkpoint(opt);
    quadratic g{spd};
    g.p = f.p;
    optimizer resumed(chain, g.p.views());
    from_checkpoint(resumed, file);
    for (int t = 0; t < 3; ++t) opt.step(f), resumed.step(g);
    CHECK(g.p.flat() == f.p.flat());
}

TEST_CASE("newton: the plan and validation", "[modules][second_order]") {
    CHECK_THAT(describe_plan(newton() | backtracking()), Contains("dense stage newton: on the host"));
    CHECK_THAT(describe_plan(newton() | backtracking()), Contains("2 n x n matrices"));
    CHECK_THROWS_WITH(validate(newton{.truncate = -1}), Contains("newton: truncate must be >= 0"));
    CHECK_THROWS_WITH(validate(newton{.update_freq = 0}), Contains("newton: update_freq must be >= 1"));
    CHECK_THROWS_WITH(validate(newton{.precompute_inverse = 2}), Contains("precompute_inverse must be 1, 0 or -1"));
    CHECK_THROWS_WITH(validate(newton{.h = 0}), Contains("newton: h must be a finite number > 0"));
    CHECK(describe(newton()).find("eigval_fn") == std::string::npos);  // code, not a hyperparameter
}

TEST_CASE("inverse_free_newton: Y converges to H⁻¹ by Newton–Schulz steps, improved_newton corrects J",
          "[modules][second_order][closure]") {
    {  // on a quadratic H is constant: Y₀ = Hᵀ/(‖H‖₁‖H‖∞), then Y ← Y(2I − HY) converges to H⁻¹
        quadratic f{spd};
        f.p.assign_flat({1, -2, 0.5});
        optimizer opt(inverse_free_newton{.h = 0.5} | lr(1e-6), f.p.views());
        for (int t = 0; t < 12; ++t) opt.step(f);
        auto const m = opt.dense_state();
        for (std::size_t i = 0; i < 3; ++i)
            for (std::size_t j = 0; j < 3; ++j) {
                double hy = 0;  // (H·Y)ᵢⱼ
                for (std::size_t k = 0; k < 3; ++k) hy += spd(i, k) * m[9 + k * 3 + j];
                CHECK(hy == Approx(i == j ? 1.0 : 0.0).margin(1e-9));
            }
        CHECK_THROWS_WITH(validate(inverse_free_newton{.update_freq = 0}), Contains("update_freq must be >= 1"));
    }
    {  // improved_newton: on a quadratic (y = J·s exactly) the correction vanishes: Newton's steps
        quadratic f{spd}, g{spd};
        f.p.assign_flat({1, -2, 0.5}), g.p.assign_flat({1, -2, 0.5});
        optimizer a(improved_newton{.h = 0.5} | lr(0.5), f.p.views());
        optimizer b(newton{.h = 0.5} | lr(0.5), g.p.views());
        for (int t = 0; t < 4; ++t) a.step(f), b.step(g);
        vec const x = f.p.flat(), z = g.p.flat();
        for (std::size_t i = 0; i < 3; ++i) CHECK(x[i] == Approx(z[i]).epsilon(1e-12));
        CHECK(a.dense_state().size() == newton::dense_state_size(3) + 2 * 3 + 1);
        CHECK_THROWS_WITH(validate(improved_newton{.truncate = -1}),
                          Contains("improved_newton: truncate must be >= 0"));
    }
}

TEST_CASE(
    "newton_cg: CG with the closure's products: a quadratic in n iterations, negative curvature, "
    "the warm start; it comes first",
    "[modules][second_order][closure]") {
    {  // SPD: n = 3 CG iterations solve H·d = g (h = 0.5: exact products), so lr 1 lands on the minimum
        quadratic f{spd};
        f.p.assign_flat({1, -2, 0.5});
        optimizer opt(newton_cg{.tol = 0, .reg = 0, .h = 0.5} | lr(1.0), f.p.views());
        opt.step(f);
        vec const x = f.p.flat();
        for (std::size_t i = 0; i < 3; ++i) {
            double ax = 0;
            for (std::size_t j = 0; j < 3; ++j) ax += spd(i, j) * x[j];
            CHECK(ax == Approx(double(i) + 1).epsilon(1e-9));
        }
        CHECK(opt.evaluations() == 1 + 3);  // the gradient, one product an iteration
    }
    {  // H = diag(3, −2, 3) from 0: g = (−1, −2, −3), gᵀHg = 3 − 8 + 27 = 22 > 0: one iteration
        quadratic f{indefinite};
        f.p.assign_flat({0, 0, 0});
        optimizer opt(newton_cg{.maxiter = 1, .reg = 0, .h = 0.5} | lr(1.0), f.p.views());
        opt.step(f);  // one iteration: x = (gᵀg/gᵀHg)·g, d = x
        vec const x = f.p.flat();
        double const alpha = 14.0 / 22.0;
        CHECK(x[0] == Approx(alpha * 1).epsilon(1e-12));
        CHECK(x[1] == Approx(alpha * 2).epsilon(1e-12));
        CHECK(x[2] == Approx(alpha * 3).epsilon(1e-12));
    }
    {  // the first direction's curvature negative (reg = −10 shifts H): d = g·|gᵀg/gᵀ(H + reg·I)g|
        quadratic f{indefinite};
        f.p.assign_flat({0, 0, 0});
        optimizer opt(newton_cg{.maxiter = 1, .reg = -10, .h = 0.5} | lr(1.0), f.p.views());
        opt.step(f);  // (H − 10·I): gᵀ(H − 10I)g = 22 − 140 < 0: d = g·|14/(−118)|
        vec const x = f.p.flat();
        double const scale = 14.0 / 118.0;
        CHECK(x[0] == Approx(scale * 1).epsilon(1e-12));
        CHECK(x[2] == Approx(scale * 3).epsilon(1e-12));
    }
    CHECK_THROWS_WITH(validate(newton_cg{.maxiter = -1}), Contains("newton_cg: maxiter must be >= 0"));
    CHECK_THROWS_WITH(validate(newton_cg{.warm_beta = 2}), Contains("newton_cg: warm_beta must be in [0, 1]"));
    CHECK(newton_cg::dense_state_size(5) == 5);
}
