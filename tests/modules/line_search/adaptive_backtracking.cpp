// adaptive_backtracking: the first trial and the shrink factor adapt (on a 1-D quadratic whose
// φ is known), validation, describe. Parity with torchzero: tests/reference/closure_parity.cpp.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(closure_module<adaptive_backtracking> && plan_of<adaptive_backtracking>::reduce_slots == 2);

using bowl = tzero_test::quadratic_closure<double>;

TEST_CASE("adaptive_backtracking: s grows after a first-trial success, aims at target_iters after a later one",
          "[modules][line_search]") {
    tzero_test::tensor_list<double> p({{3}, {0}});
    p.fill_normal(9);
    // a = 0.5: φ(t) = ¼·xx·(1 − t/2)², t = 1 passes Armijo at once
    bowl f{p, {0.5}};
    optimizer opt(adaptive_backtracking(), p.views());
    opt.step(f);
    CHECK(f.calls == 2);
    CHECK(opt.reduce_state(0)[1] == 2);  // s ← s·nplus
    CHECK(opt.reduce_state(0)[0] == 1);  // b ← min(1, b·√1.5)
    // a = 3: from t = 2, trials 2 (φ = 25·φ(0)), 1 (4·φ(0)), 0.5 (φ(0)/4: accepted);
    // s ← (t/β)/(init·s) = 1/2, as torchzero's lerp with scale_beta = 0
    bowl steep{p, {3.0}};
    opt.step(steep);
    CHECK(steep.calls == 4);
    CHECK(opt.reduce_state(0)[1] == 0.5);
    // a failure divides b by 1.5 and steps 0
    tzero_test::tensor_list<double> q({{2}, {0}});
    q.fill_normal(1);
    auto const x0 = q.flat();
    bowl wall{q, {1e9}};
    optimizer failing(adaptive_backtracking{.maxiter = 2}, q.views());
    failing.step(wall);
    CHECK(q.flat() == x0);
    CHECK(failing.reduce_state(0)[0] == Approx(1 / 1.5).epsilon(1e-15));
}

TEST_CASE("adaptive_backtracking: validation and describe", "[modules][line_search][errors]") {
    CHECK_THROWS_WITH(validate(adaptive_backtracking{.beta = 0}), Contains("beta must be in (0, 1)"));
    CHECK_THROWS_WITH(validate(adaptive_backtracking{.target_iters = -1}), Contains("target_iters must be >= 0"));
    CHECK_THROWS_WITH(validate(adaptive_backtracking{.nplus = 0.5}), Contains("nplus must be >= 1"));
    CHECK_THROWS_WITH(validate(adaptive_backtracking{.scale_beta = 1}), Contains("scale_beta must be in [0, 1)"));
    CHECK(describe(adaptive_backtracking()) ==
          "adaptive_backtracking(init=1, beta=0.5, c=1e-04, condition=armijo, "
          "maxiter=20, target_iters=1, nplus=2, scale_beta=0)");
}
