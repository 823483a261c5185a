// strong_wolfe: the accepted step on quadratics whose φ is known in closed form (accepted at
// once, or found exactly by one cubic zoom), gradient trials in their own buffers (the raw
// gradient the modules after it read stays the step's), the adaptive first guess, the strong
// guarantee at a gradient trial, the cubic interpolation against torch's formula, validation.
// Parity with torchzero over every option: tests/reference/closure_parity.cpp.
#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(closure_module<strong_wolfe> && gradient_trials_v<strong_wolfe> && !gradient_trials_v<backtracking>);
static_assert(plan_of<decltype(polak_ribiere() | strong_wolfe())>::passes_run == 2);  // of 3

using bowl = tzero_test::quadratic_closure<double>;

TEST_CASE("strong_wolfe: on a quadratic, t = 1 when it passes, else the exact minimizer by one cubic zoom",
          "[modules][line_search]") {
    // d = g = a·x: φ(t) = ½·a·xx·(1 − a·t)², minimized at t = 1/a
    for (double a : {0.5, 3.0}) {
        INFO("curvature " << a);
        tzero_test::tensor_list<double> p({{4}, {1}, {0}, {9}});
        p.fill_normal(7);
        std::vector<double> const x0 = p.flat();
        bowl f{p, {a}};
        optimizer opt(strong_wolfe(), p.views());
        opt.step(f);
        CHECK(f.calls == (a < 1 ? 2 : 3));  // the step's gradient, then 1 or 2 trials
        std::vector<double> const x1 = p.flat();
        double const t = a < 1 ? 1 : 1 / a;
        for (std::size_t i = 0; i < x0.size(); ++i) CHECK(x1[i] == Approx(x0[i] * (1 - a * t)).margin(1e-15));
        // the trials' gradients went to a buffer of their own
        REQUIRE(f.buffers.size() == std::size_t(f.calls));
        for (std::size_t i = 1; i < f.buffers.size(); ++i) CHECK(f.buffers[i] != f.buffers[0]);
    }
}

TEST_CASE("strong_wolfe: modules after it read the step's gradient, not a trial's", "[modules][line_search]") {
    // strong_wolfe | grad(): the update is the raw gradient at p0 (the trial ones were elsewhere)
    tzero_test::tensor_list<double> p({{5}, {0}});
    p.fill_normal(2);
    std::vector<double> const x0 = p.flat();
    bowl f{p, {3.0}};
    optimizer opt(strong_wolfe() | grad(), p.views());
    opt.step(f);
    CHECK(f.calls == 3);
    std::vector<double> const x1 = p.flat();
    for (std::size_t i = 0; i < x0.size(); ++i) CHECK(x1[i] == Approx(x0[i] - 3.0 * x0[i]).margin(1e-15));
}

TEST_CASE("strong_wolfe: a failed search halves the next first guess", "[modules][line_search]") {
    tzero_test::tensor_list<double> p({{3}, {0}});
    p.fill_normal(3);
    std::vector<double> const x0 = p.flat();
    bowl f{p, {1e9}};  // φ(t) < φ(0) needs t < 2e-9: 1 bisection of [0, 1] does not reach it
    optimizer opt(strong_wolfe{.maxiter = 1, .maxzoom = 1, .interpolation = wolfe_interpolation::bisection}, p.views());
    opt.step(f);
    CHECK(p.flat() == x0);
    CHECK(opt.reduce_state(0)[0] == 0.5);
    CHECK(opt.reduce_state(0)[1] == 0);  // no success yet
    opt.step(f);
    CHECK(opt.reduce_state(0)[0] == 0.25);
    bowl easy{p, {0.5}};
    opt.step(easy);
    CHECK(opt.reduce_state(0)[0] == 0);  // back to 1
    CHECK(opt.reduce_state(0)[1] == 1);
    CHECK(opt.reduce_state(0)[2] == 0.25);  // the step it took: 1 × the halved scale
}

TEST_CASE("strong_wolfe: a closure that throws at a gradient trial changes nothing", "[modules][line_search][errors]") {
    tzero_test::tensor_list<double> p({{6}, {0}, {2}});
    p.fill_normal(4);
    bowl f{p, {3.0}};
    optimizer opt(adam() | strong_wolfe(), p.views());
    opt.step(f);
    auto const params = p.flat();
    auto const m = std::vector<double>(opt.state(0, 0).begin(), opt.state(0, 0).end());
    f.calls = 0;
    f.throw_at = 1;
    CHECK_THROWS_WITH(opt.step(f), Contains("tzero: strong_wolfe: the closure threw at trial 1 (t = 1;"));
    CHECK(p.flat() == params);
    CHECK(std::vector<double>(opt.state(0, 0).begin(), opt.state(0, 0).end()) == m);
    CHECK(opt.steps() == 1);
}

TEST_CASE("strong_wolfe: the cubic step is torch.optim.lbfgs's", "[modules][line_search]") {
    // the minimizer of the cubic through (0, 1, −1) and (2, 1.5, 2), and the rest: the values of
    // torch's _cubic_interpolate on float64 tensors
    CHECK(detail::cubic_interpolate(0, 1, -1, 2, 1.5, 2, 0, 2) == 0.9148542155126762);
    CHECK(detail::cubic_interpolate(2, 1.5, 2, 0, 1, -1, 0, 2) == 0.9148542155126762);  // either order
    CHECK(detail::cubic_interpolate(0, 1, -1, 2, 1.5, 2, 1, 2) == 1);                   // clamped to the bounds
    CHECK(detail::cubic_interpolate(0, 0, 3, 1, 2, 3, 0.25, 0.75) == 0.5);              // no real minimizer: the middle
    CHECK(detail::cubic_interpolate(0, NAN, -1, 1, 0, 1, 0.25, 0.75) == 0.5);           // NaN: the middle too
}

TEST_CASE("strong_wolfe: validation and describe", "[modules][line_search][errors]") {
    CHECK_THROWS_WITH(validate(strong_wolfe{.c1 = 0}), Contains("tzero: strong_wolfe: c1 must be in (0, 1)"));
    CHECK_THROWS_WITH(validate(strong_wolfe{.c2 = 1e-5}), Contains("tzero: strong_wolfe: c2 must be in (c1, 1)"));
    CHECK_THROWS_WITH(validate(strong_wolfe{.init_value = -1}), Contains("init_value must be positive and finite"));
    CHECK_THROWS_WITH(validate(strong_wolfe{.maxiter = 0}), Contains("maxiter must be >= 1"));
    CHECK_THROWS_WITH(validate(strong_wolfe{.maxeval = -1}), Contains("maxeval must be >= 0 (0: no limit)"));
    CHECK(describe(strong_wolfe()) ==
          "strong_wolfe(c1=1e-04, c2=0.9, a_init=fixed, a_max=1e+12, init_value=1, maxiter=25, maxzoom=10, "
          "maxeval=0, tol_change=1e-09, interpolation=cubic, adaptive=true, fallback=false, plus_minus=false)");
    CHECK_THAT(describe_plan(strong_wolfe{.maxeval = 7}),
               Contains("1 gradient, then up to 7 losses with gradients a step") &&
                   Contains("then -g^T d 8 B in float (16 in double)"));
}
