// adaptive_bisection: the forward and backward walks on a 1-D quadratic whose φ is known, the
// step remembered for the next search, a failure, validation, describe. Parity with torchzero:
// tests/reference/closure_parity.cpp.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(closure_module<adaptive_bisection> && plan_of<adaptive_bisection>::reduce_slots == 2);

using bowl = tzero_test::quadratic_closure<double>;

TEST_CASE("adaptive_bisection: walks forward while φ falls, back while it is above φ(0)", "[modules][line_search]") {
    tzero_test::tensor_list<double> p({{4}, {0}});
    p.fill_normal(3);
    // a = 0.125: φ(t) ∝ (1 − t/8)²: trials 1, 2, 4, 8 (the minimum), 16 (rose): t = 8
    bowl f{p, {0.125}};
    auto const x0 = p.flat();
    optimizer opt(adaptive_bisection(), p.views());
    opt.step(f);
    CHECK(f.calls == 6);
    CHECK(opt.reduce_state(0)[0] == 8);
    for (double x : p.flat()) CHECK(std::abs(x) < 1e-15);
    // a = 4 from the remembered t = 8: φ(8) > φ(0); back: 4, 2, 1, 0.5, 0.25 (the minimum), 0.125 (rose)
    p.values = {{1, 2, 3, 4}, {}};
    bowl steep{p, {4.0}};
    opt.step(steep);
    CHECK(steep.calls == 8);
    CHECK(opt.reduce_state(0)[0] == 0.25);
    for (double x : p.flat()) CHECK(std::abs(x) < 1e-15);
}

TEST_CASE("adaptive_bisection: a failure steps 0, restarts from init and scales it down", "[modules][line_search]") {
    tzero_test::tensor_list<double> p({{2}, {0}});
    p.fill_normal(1);
    auto const x0 = p.flat();
    bowl wall{p, {1e9}};
    optimizer opt(adaptive_bisection{.maxiter = 3}, p.views());
    opt.step(wall);
    CHECK(p.flat() == x0);
    CHECK(wall.calls == 5);  // the gradient, then 1, 0.5, 0.25, 0.125
    CHECK(opt.reduce_state(0)[0] == 1);
    CHECK(opt.reduce_state(0)[1] == 0.125);
}

TEST_CASE("adaptive_bisection: validation and describe", "[modules][line_search][errors]") {
    CHECK_THROWS_WITH(validate(adaptive_bisection{.nplus = 1}), Contains("nplus must be > 1"));
    CHECK_THROWS_WITH(validate(adaptive_bisection{.nminus = 1}), Contains("nminus must be in (0, 1)"));
    CHECK_THROWS_WITH(validate(adaptive_bisection{.maxiter = -1}), Contains("maxiter must be >= 0"));
    CHECK(describe(adaptive_bisection()) ==
          "adaptive_bisection(init=1, nplus=2, nminus=0.5, maxiter=10, adaptive=true)");
}
