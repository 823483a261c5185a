// tzero::minimize: convergence on Rosenbrock in 2 dimensions (a gradient and a loss-only line
// search), each stopping rule and its message, the budget ending a step midway (its step undone,
// the best point kept), a throwing f reaching the caller nested, and float.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <span>
#include <stdexcept>
#include <utility>
#include <vector>

#include <tzero/minimize.hpp>
#include <tzero/tzero.hpp>

using namespace tzero;
using Catch::Contains;

namespace {
/// Rosenbrock in 2-D, counting its calls.
struct rosenbrock {
    int calls = 0;
    template <class T>
    double operator()(std::span<T const> x, std::span<T> grad) {
        ++calls;
        double const a = 1 - double(x[0]), b = double(x[1]) - double(x[0]) * double(x[0]);
        if (!grad.empty()) grad[0] = T(-2 * a - 400 * double(x[0]) * b), grad[1] = T(200 * b);
        return a * a + 100 * b * b;
    }
};
}  // namespace

TEST_CASE("minimize: Rosenbrock from (-1.2, 1) to (1, 1)", "[minimize]") {
    SECTION("Polak-Ribiere with a strong-Wolfe search reaches gtol") {
        rosenbrock f;
        auto const r = minimize(f, std::vector{-1.2, 1.0},
                                polak_ribiere() | strong_wolfe{.c2 = 0.1, .a_init = wolfe_init::first_order},
                                {.max_iterations = 2000});
        CHECK(r.success);
        CHECK(r.message == "gradient norm is below tolerance");
        CHECK(r.gradient_norm <= 1e-5);
        CHECK(r.x[0] == Approx(1).margin(1e-4));  // |g|∞ ≤ 1e-5 in the valley: x within ~1e-5
        CHECK(r.x[1] == Approx(1).margin(1e-4));
        CHECK(r.f < 1e-10);
        CHECK(r.evaluations == f.calls);
        CHECK(r.iterations < 2000);
    }
    SECTION("gradient descent with backtracking reaches a target value") {
        rosenbrock f;
        auto const r = minimize(f, std::vector{-1.2, 1.0}, backtracking(), {.target = 1e-3});
        CHECK(r.success);
        CHECK(r.message == "target function value reached");
        CHECK(r.f <= 1e-3);
    }
    SECTION("in float") {
        rosenbrock f;
        auto const r = minimize(f, std::vector{-1.2f, 1.0f}, fletcher_reeves() | strong_wolfe{.c2 = 0.1},
                                {.max_iterations = 500, .gtol = 1e-3});
        CHECK(r.x[0] == Approx(1).margin(1e-2));
    }
}

TEST_CASE("minimize: each limit stops it with torchzero's message", "[minimize]") {
    rosenbrock f;
    auto const iterations = minimize(f, std::vector{-1.2, 1.0}, backtracking(), {.max_iterations = 3});
    CHECK_FALSE(iterations.success);
    CHECK(iterations.message == "max iterations reached");
    CHECK(iterations.iterations == 3);

    // 7 evaluations: the 2nd step's search is cut off inside, that step undone
    rosenbrock g;
    auto const evaluations = minimize(g, std::vector{-1.2, 1.0}, backtracking(), {.max_evaluations = 7});
    CHECK(evaluations.message == "max evaluations reached");
    CHECK(evaluations.evaluations == 7);
    CHECK(g.calls == 7);
    CHECK(evaluations.f < 24.2);  // below f(x0): the best point seen, not the undone step's

    auto const xtol = minimize(f, std::vector{-1.2, 1.0}, backtracking{.maxiter = 1, .adaptive = false},
                               {.xtol = 0.0});  // 0: tiny; a failed search does not move
    CHECK(xtol.success);
    CHECK(xtol.message == "update norm is below tolerance");

    auto const stalled = minimize(f, std::vector{-1.2, 1.0}, backtracking{.init = 1e6, .maxiter = 1, .adaptive = false},
                                  {.max_no_improvement = 5});
    CHECK(stalled.message == "reached maximum steps without improvement");
    CHECK(stalled.iterations == 6);
    CHECK(stalled.x == std::vector{-1.2, 1.0});

    auto const timed = minimize(f, std::vector{-1.2, 1.0}, backtracking(), {.max_seconds = 0.0});
    CHECK(timed.message == "max seconds reached");
    CHECK(timed.evaluations == 0);
    CHECK(timed.x == std::vector{-1.2, 1.0});
}

TEST_CASE("minimize: an exception from f reaches the caller, nested in a tzero::error", "[minimize][errors]") {
    int calls = 0;
    auto f = [&](std::span<double const> x, std::span<double>) -> double {
        if (++calls == 3) throw std::domain_error("f is undefined here");
        return x[0] * x[0];
    };
    try {
        (void)minimize(f, std::vector{1.0}, backtracking());
        FAIL("minimize did not throw");
    } catch (error const& e) {
        CHECK_THAT(e.what(), Contains("tzero: backtracking: the closure threw at trial 2"));
        CHECK_THROWS_AS(std::rethrow_if_nested(e), std::domain_error);
    }
}

namespace {
/// Steps `chain` twice side by side on 2-D Rosenbrock, one optimizer with reuse_accepted_trial:
/// the same parameters and losses after every step, and the evaluations each made.
template <class C>
std::pair<long, long> reuse_side_by_side(C const& chain, int steps) {
    std::vector<double> a{-1.2, 1.0}, b = a;
    optimizer plain(chain, std::vector<tensor_view<double>>{tensor_view<double>(a.data(), {2})});
    optimizer reusing(chain, std::vector<tensor_view<double>>{tensor_view<double>(b.data(), {2})},
                      optimizer_options{.reuse_accepted_trial = true});
    rosenbrock fa, fb;
    auto closure = [](rosenbrock& f, std::vector<double>& x) {
        return [&](std::span<tensor_view<double> const> grads) {
            std::span<double> const g = grads.empty() ? std::span<double>() : std::span<double>(grads[0].data, 2);
            return f(std::span<double const>(x), g);
        };
    };
    for (int t = 0; t < steps; ++t) {
        INFO("step " << t + 1);
        double const la = plain.step(closure(fa, a)), lb = reusing.step(closure(fb, b));
        REQUIRE(la == lb);
        REQUIRE(a == b);
    }
    CHECK(plain.evaluations() == fa.calls);
    CHECK(reusing.evaluations() == fb.calls);
    return {plain.evaluations(), reusing.evaluations()};
}
}  // namespace

TEST_CASE("step(closure): reuse_accepted_trial starts a step from the accepted trial", "[minimize][closure]") {
    SECTION("lbfgs with strong Wolfe: the same path, an evaluation less nearly every step") {
        auto const [plain, reusing] = reuse_side_by_side(lbfgs() | strong_wolfe(), 25);
        CHECK(reusing <= plain - 20);
    }
    SECTION("no reuse when a module follows the search, or the search evaluates no gradient") {
        auto const after = reuse_side_by_side(lbfgs() | strong_wolfe() | lr(0.5), 10);
        CHECK(after.first == after.second);
        auto const values = reuse_side_by_side(lbfgs() | backtracking(), 10);
        CHECK(values.first == values.second);
    }
    SECTION("a throw drops what was kept: the next step evaluates again") {
        std::vector<double> x{-1.2, 1.0};
        optimizer opt(lbfgs<>{} | strong_wolfe(), std::vector<tensor_view<double>>{tensor_view<double>(x.data(), {2})},
                      optimizer_options{.reuse_accepted_trial = true});
        rosenbrock f;
        int fail_at = -1;
        auto closure = [&](std::span<tensor_view<double> const> grads) {
            if (f.calls == fail_at) throw std::runtime_error("user closure failed");
            std::span<double> const g = grads.empty() ? std::span<double>() : std::span<double>(grads[0].data, 2);
            return f(std::span<double const>(x), g);
        };
        for (int t = 0; t < 3; ++t) opt.step(closure);
        int const calls = f.calls;
        std::vector<double> const before = x;
        fail_at = calls;  // the step's first call is a trial: its first evaluation was reused
        CHECK_THROWS_WITH(opt.step(closure), Contains("strong_wolfe: the closure threw at trial 1"));
        CHECK(x == before);
        CHECK(f.calls == calls);
        fail_at = -1;
        opt.step(closure);
        CHECK(opt.evaluations() == f.calls);  // this step evaluated at its start again
    }
    SECTION("minimize counts SciPy's way by default") {
        rosenbrock f, g;
        auto const reused = minimize(f, std::vector{-1.2, 1.0}, lbfgs() | strong_wolfe());
        auto const plain =
            minimize(g, std::vector{-1.2, 1.0}, lbfgs() | strong_wolfe(), {.reuse_accepted_trial = false});
        CHECK(reused.iterations == plain.iterations);
        CHECK(reused.x == plain.x);
        CHECK(reused.evaluations < plain.evaluations - plain.iterations / 2);
    }
}
