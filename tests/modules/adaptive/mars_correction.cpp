#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(reduce_module<mars_correction>);
static_assert(plan_of<mars_correction>::passes == 2);
static_assert(plan_of<decltype(mars_correction() | adam() | lr(0.1))>::state_slots == 3);

namespace {
constexpr double inf = std::numeric_limits<double>::infinity();
}

TEMPLATE_TEST_CASE("mars_correction: adds the scaled difference from the previous update", "[modules][mars_correction]",
                   float, double) {
    using T = TestType;
    // scaling·beta/(1 − beta) = 1
    tzero_test::harness<T, mars_correction> h(mars_correction{.beta = 0.5, .scaling = 1, .max_norm = inf},
                                              std::vector<T>(2, T(0)));
    CHECK(h.step({T(1), T(2)}) == std::vector<T>{T(1), T(2)});   // first step: nothing to correct by
    CHECK(h.step({T(2), T(0)}) == std::vector<T>{T(3), T(-2)});  // u + (u − prev)
    CHECK(h.optimizer().state(0, 0)[0] == T(2));                 // prev is the uncorrected update
    CHECK(h.step({T(2), T(0)}) == std::vector<T>{T(2), T(0)});
}

TEMPLATE_TEST_CASE("mars_correction: the corrected update is clipped to max_norm over all parameters",
                   "[modules][mars_correction]", float, double) {
    using T = TestType;
    tzero_test::tensor_list<T> p({{1}, {1}}), g({{1}, {1}});
    optimizer opt(mars_correction(), p.views());
    g.values = {{T(3)}, {T(-4)}};
    opt.step(g.const_views());  // global norm 5 > 1: scaled by 1/5
    CHECK(p.values[0][0] == Approx(-0.6));
    CHECK(p.values[1][0] == Approx(0.8));
    g.values = {{T(0.3)}, {T(-0.4)}};  // c = u + (u − prev)·0.025·9 = (−0.3075, 0.41): norm < 1, kept
    opt.step(g.const_views());
    CHECK(p.values[0][0] == Approx(-0.6 + 0.3075));
    CHECK(p.values[1][0] == Approx(0.8 - 0.41));
}

TEMPLATE_TEST_CASE("mars_correction: a zero corrected update stays zero", "[modules][mars_correction]", float, double) {
    using T = TestType;
    tzero_test::harness<T, mars_correction> h(mars_correction(), std::vector<T>(2, T(0)));
    CHECK(h.step({T(0), T(0)}) == std::vector<T>{T(0), T(0)});
    CHECK(h.step({T(0), T(0)}) == std::vector<T>{T(0), T(0)});
}

TEST_CASE("mars_correction: describe and bad hyperparameters", "[modules][mars_correction][errors]") {
    CHECK(describe(mars_correction()) == "mars_correction(beta=0.9, scaling=0.025, max_norm=1)");
    CHECK_THROWS_WITH(mars_correction{.beta = 1}.validate(),
                      Contains("tzero: mars_correction: beta must be in [0, 1)"));
    CHECK_THROWS_WITH(mars_correction{.scaling = inf}.validate(),
                      Contains("tzero: mars_correction: scaling must be a finite number"));
    CHECK_THROWS_WITH(mars_correction{.max_norm = -1}.validate(),
                      Contains("tzero: mars_correction: max_norm must be >= 0"));
}
