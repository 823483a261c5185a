// Gradient approximators: fdm's formulas against known derivatives (exact on quadratics, the
// expected order on a cubic), the closure calls each costs, the parameters restored exactly,
// a throwing closure; the randomized family (randomized_fdm, spsa, rdsa, gaussian_smoothing,
// mezo, spsa1, forward_gradient) by seed-stable statistics: the mean of many directions is the
// gradient (h·∇f for spsa1's one measurement), for every distribution; forward_gradient's unit
// step against randomized_fdm's on the same directions; with a line search. Parity with torchzero's
// FDM: tests/reference/closure_parity.cpp (fdm_*).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(gradient_approximator<fdm> && gradient_approximator<spsa> && gradient_approximator<spsa1>);
static_assert(plan_of<decltype(fdm() | lr(0.1))>::has_approximator);
// an approximator adds no pass: the chain after it is one pass
static_assert(plan_of<decltype(rdsa() | adam() | lr(0.1))>::passes == 1);

namespace {
/// f = Σ c·x³/3 + Σ x²/2 over every element (∇f = c·x² + x), counting calls.
struct cubic {
    tzero_test::tensor_list<double>& p;
    double c = 1;
    int calls = 0, throw_at = -1;
    double first = 0;  // the value of call 0 since `calls` was last set to 0
    double operator()(std::span<tensor_view<double> const> grads) {
        REQUIRE(grads.empty());  // an approximator asks for values only
        if (calls++ == throw_at) throw std::runtime_error("user closure failed");
        double f = 0;
        for (auto const& t : p.values)
            for (double x : t) f += c * x * x * x / 3 + x * x / 2;
        if (calls == 1) first = f;
        return f;
    }
    std::vector<double> gradient() const {
        std::vector<double> g;
        for (auto const& t : p.values)
            for (double x : t) g.push_back(c * x * x + x);
        return g;
    }
};

/// One step of `approximator | lr(1)` from p: the estimate is p − p'.
template <class A>
std::vector<double> one_estimate(A const& approximator, tzero_test::tensor_list<double>& p, cubic& f) {
    std::vector<double> const before = p.flat();
    optimizer opt(approximator | lr(1.0), p.views(), optimizer_options{.chunk_size = 8, .parallel_threshold = 0});
    opt.step(f);
    std::vector<double> const after = p.flat();
    std::vector<double> g(before.size());
    for (std::size_t i = 0; i < g.size(); ++i) g[i] = before[i] - after[i];
    p.assign_flat(before);
    return g;
}
}  // namespace

TEST_CASE("fdm: each formula's derivative, its order and its closure calls", "[modules][grad_approximation]") {
    tzero_test::tensor_list<double> p({{5}, {1}, {0}, {2, 3}});
    p.fill_normal(3);
    std::size_t const n = 12;
    struct expected {
        fd_formula formula;
        int order;
        std::size_t calls;  // per estimate over n elements
    };
    for (auto [formula, order, calls] : {expected{fd_formula::forward, 1, n + 1},
                                         {fd_formula::backward, 1, n + 1},
                                         {fd_formula::central, 2, 2 * n + 1},
                                         {fd_formula::forward3, 2, 2 * n + 1},
                                         {fd_formula::backward3, 2, 2 * n + 1},
                                         {fd_formula::central4, 4, 4 * n + 1},
                                         {fd_formula::forward4, 3, 3 * n + 1},
                                         {fd_formula::forward5, 4, 4 * n + 1}}) {
        INFO("formula " << enumerators(fd_formula{})[std::size_t(formula)]);
        cubic f{p};
        std::vector<double> const g = f.gradient();
        // the error of an order-k formula shrinks as h^k on the cubic: compare h and h/2
        double err[2] = {};
        for (int r = 0; r < 2; ++r) {
            double const h = r == 0 ? 1e-2 : 5e-3;
            f.calls = 0;
            std::vector<double> const est = one_estimate(fdm{.h = h, .formula = formula}, p, f);
            CHECK(std::size_t(f.calls) == calls);
            for (std::size_t i = 0; i < n; ++i) err[r] = std::max(err[r], std::abs(est[i] - g[i]));
        }
        if (order >= 3) CHECK(err[0] < 1e-9);  // exact on a cubic, up to rounding
        else CHECK(err[0] / err[1] == Approx(std::pow(2.0, order)).epsilon(0.1));
    }
}

TEST_CASE("fdm: exact on a quadratic, parameters restored exactly, a throw undone", "[modules][grad_approximation]") {
    tzero_test::tensor_list<double> p({{4}, {3}, {0}});
    p.fill_normal(5);
    cubic f{p, 0.0};  // ½Σx²: ∇f = x, and central differences are exact
    std::vector<double> const x = p.flat();
    optimizer still(fdm() | lr(0.0), p.views());
    // step returns the first call's value, as torchzero's step(closure): f(p + h·e₀) here
    CHECK(still.step(f) == f.first);
    CHECK(f.first != Approx(f(std::span<tensor_view<double> const>())));
    CHECK(p.flat() == x);  // every element put back bit for bit
    CHECK(still.evaluations() == 2 * 7 + 1);

    optimizer opt(fdm{.formula = fd_formula::forward} | lr(0.5), p.views());
    f.throw_at = f.calls + 4;  // f(p), then elements 0, 1, 2: the throw moves element 3
    CHECK_THROWS_WITH(opt.step(f), Contains("tzero: fdm: the closure threw at evaluation 5 of the step 1's gradient "
                                            "estimate (parameters and state are as before the step)"));
    CHECK(p.flat() == x);
    CHECK(opt.steps() == 0);
    CHECK(opt.evaluations() == 0);
    f.throw_at = -1;
    opt.step(f);
    std::vector<double> const now = p.flat();
    // the forward difference of ½x² is x + h/2
    for (std::size_t i = 0; i < x.size(); ++i) CHECK(now[i] == Approx(x[i] - 0.5 * (x[i] + 5e-4)).margin(1e-9));
}

TEST_CASE("randomized approximators: the mean over many directions is the gradient", "[modules][grad_approximation]") {
    tzero_test::tensor_list<double> p({{3}, {2}});
    p.values = {{0.5, -1.0, 1.5}, {2.0, -0.5}};
    cubic f{p, 0.0};  // ½Σx²
    std::vector<double> const g = f.gradient();
    double norm = 0;
    for (double v : g) norm += v * v;
    norm = std::sqrt(norm);
    auto const near_gradient = [&](std::vector<double> const& est, double scale, long samples) {
        // each component's spread is about ‖g‖·√(3/samples) (normal draws' fourth moment)
        for (std::size_t i = 0; i < g.size(); ++i)
            CHECK(est[i] == Approx(scale * g[i]).margin(6 * norm / std::sqrt(double(samples))));
    };
    SECTION("randomized_fdm, each distribution") {
        for (auto d : {sample_distribution::rademacher, sample_distribution::normal, sample_distribution::uniform}) {
            INFO("distribution " << int(d));
            near_gradient(one_estimate(randomized_fdm{.n_samples = 4000, .distribution = d, .seed = 11}, p, f), 1,
                          4000);
        }
    }
    SECTION("spsa, rdsa, gaussian_smoothing (forward), mezo") {
        near_gradient(one_estimate(spsa{.n_samples = 4000}, p, f), 1, 4000);
        near_gradient(one_estimate(rdsa{.n_samples = 4000, .seed = 2}, p, f), 1, 4000);
        near_gradient(one_estimate(gaussian_smoothing{.n_samples = 4000, .seed = 3}, p, f), 1, 4000);
        near_gradient(one_estimate(mezo{.n_samples = 4000, .seed = 4}, p, f), 1, 4000);
    }
    SECTION("forward_gradient, forward and central, each distribution") {
        for (auto d : {sample_distribution::rademacher, sample_distribution::normal, sample_distribution::uniform})
            for (auto formula : {fd_formula::forward, fd_formula::central}) {
                INFO("distribution " << int(d) << ", formula " << int(formula));
                near_gradient(
                    one_estimate(forward_gradient{.n_samples = 4000, .formula = formula, .distribution = d, .seed = 12},
                                 p, f),
                    1, 4000);
            }
    }
    SECTION("spsa1's one measurement leans to h·∇f") {
        // with h = 1: E[Δ·(f(p + Δ) + eps)] = ∇f (Δ rademacher: ‖Δ‖² is the same every draw)
        long const n = 40000;
        std::vector<double> const est = one_estimate(spsa1{.h = 1, .n_samples = n, .seed = 5}, p, f);
        double const f0 = f(std::span<tensor_view<double> const>()) + 2.5;  // f(p + Δ) ≈ f(p) + ‖Δ‖²/2 spreads it
        for (std::size_t i = 0; i < g.size(); ++i)
            CHECK(est[i] == Approx(g[i]).margin(6 * (f0 + norm) / std::sqrt(double(n))));
    }
    SECTION("one draw per step and seed: the same estimate again, another with another seed") {
        std::vector<double> const a = one_estimate(spsa{.seed = 8}, p, f), b = one_estimate(spsa{.seed = 8}, p, f),
                                  c = one_estimate(spsa{.seed = 9}, p, f);
        CHECK(a == b);
        CHECK(a != c);
    }
    SECTION("calls: central 2 per sample and 1 at p; forward 1 per sample and f(p) once") {
        f.calls = 0;
        one_estimate(rdsa{.n_samples = 5}, p, f);
        CHECK(f.calls == 11);
        f.calls = 0;
        one_estimate(gaussian_smoothing{.n_samples = 5}, p, f);
        CHECK(f.calls == 6);
        f.calls = 0;
        one_estimate(spsa{.n_samples = 3, .return_approx_loss = true}, p, f);
        CHECK(f.calls == 6);
    }
}

TEST_CASE("forward_gradient: randomized_fdm with the step along the unit direction", "[modules][grad_approximation]") {
    // ½Σx² with forward differences and Rademacher Δ (‖Δ‖² = n): randomized_fdm's derivative
    // along Δ is pᵀΔ + h·n/2, forward_gradient's pᵀΔ + h·√n/2, on the same Δ (same seed): the two
    // estimates differ by Δ·h·(n − √n)/2, whose elements are ±h·(n − √n)/2
    tzero_test::tensor_list<double> p({{3}, {2}});
    p.values = {{0.5, -1.0, 1.5}, {2.0, -0.5}};
    cubic f{p, 0.0};
    double const h = 0.1, n = 5;
    auto const rademacher = sample_distribution::rademacher;
    std::vector<double> const plain = one_estimate(
        randomized_fdm{.h = h, .formula = fd_formula::forward, .distribution = rademacher, .seed = 3}, p, f);
    std::vector<double> const unit = one_estimate(
        forward_gradient{.h = h, .formula = fd_formula::forward, .distribution = rademacher, .seed = 3}, p, f);
    for (std::size_t i = 0; i < plain.size(); ++i)
        CHECK(std::abs(plain[i] - unit[i]) == Approx(h * (n - std::sqrt(n)) / 2).epsilon(1e-9));
    // a linear function: both are the exact directional derivative, Δ·(aᵀΔ), on the same Δ
    auto linear = [&](std::span<tensor_view<double> const>) {
        double s = 0, k = 1;
        for (double x : p.flat()) s += (k += 1) * x;
        return s;
    };
    optimizer a(randomized_fdm{.formula = fd_formula::forward, .distribution = sample_distribution::normal, .seed = 4} |
                    lr(1.0),
                p.views());
    std::vector<double> const start = p.flat();
    a.step(linear);
    std::vector<double> const after_plain = p.flat();
    p.assign_flat(start);
    optimizer b(forward_gradient{.seed = 4} | lr(1.0), p.views());
    b.step(linear);
    std::vector<double> const after_unit = p.flat();
    for (std::size_t i = 0; i < start.size(); ++i) CHECK(after_unit[i] == Approx(after_plain[i]).epsilon(1e-6));
    CHECK_THROWS_WITH(validate(forward_gradient{.formula = fd_formula::forward3}),
                      Contains("forward_gradient: formula must be forward or central"));
    CHECK(describe(forward_gradient()).starts_with("forward_gradient(h=0.001, n_samples=1, formula=forward"));
}

TEST_CASE("approximators with a line search: estimates at gradient trials", "[modules][grad_approximation]") {
    tzero_test::tensor_list<double> p({{4}, {0}});
    p.values[0] = {1.0, -2.0, 0.5, 3.0};
    cubic f{p, 0.0};
    optimizer opt(fdm() | strong_wolfe(), p.views());
    for (int t = 0; t < 5; ++t) opt.step(f);
    for (double x : p.flat()) CHECK(std::abs(x) < 1e-6);  // the exact gradient of ½Σx²: one Newton-like step
    CHECK(opt.evaluations() == f.calls);
    std::vector<double> const x = p.flat();
    optimizer random_search(spsa{.n_samples = 8} | backtracking(), p.views());
    p.values[0] = {1.0, -2.0, 0.5, 3.0};
    f.calls = 0;
    for (int t = 0; t < 20; ++t) random_search.step(f);
    CHECK(f(std::span<tensor_view<double> const>()) < 0.5 * (1 + 4 + 0.25 + 9) / 4);
    CHECK(random_search.evaluations() == f.calls - 1);
}

TEST_CASE("approximators: validation and describe", "[modules][grad_approximation][errors]") {
    CHECK_THROWS_WITH(validate(fdm{.h = 0}), Contains("tzero: fdm: h must be a finite number > 0"));
    CHECK_THROWS_WITH(validate(spsa{.n_samples = 0}), Contains("tzero: spsa: n_samples must be >= 1"));
    CHECK_THROWS_WITH(validate(gaussian_smoothing{.h = -1}), Contains("tzero: gaussian_smoothing: h must be"));
    CHECK_THROWS_WITH(validate(spsa1{.h = INFINITY}), Contains("tzero: spsa1: h must be a finite number > 0"));
    CHECK(describe(fdm()) == "fdm(h=0.001, formula=central)");
    CHECK_THAT(describe_plan(fdm() | lr(0.1)), Contains("the gradient is fdm's estimate from the closure's values"));
    CHECK(describe(gaussian_smoothing()) ==
          "gaussian_smoothing(h=0.01, n_samples=100, formula=forward, distribution=normal, pre_generate=true, "
          "return_approx_loss=false, seed=0)");
}
