#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

static_assert(plan_of<clip_value_growth>::passes == 1);
static_assert(clip_value_growth::state_slots == 1);

TEMPLATE_TEST_CASE("clip_value_growth: each element grows by at most mul, first step untouched",
                   "[modules][clip_value_growth]", float, double) {
    using T = TestType;
    tzero_test::harness<T, chain<clip_value_growth>> h(as_chain(clip_value_growth{}), {T(0), T(0), T(0)});
    CHECK(h.step({T(1), T(-2), T(0)}) == std::vector<T>{T(1), T(-2), T(0)});
    auto u = h.step({T(3), T(-2.5), T(1)});
    CHECK(u[0] == Approx(1.5));     // 3/1 > 1.5: scaled to 1.5
    CHECK(u[1] == T(-2.5));         // 1.25 ≤ 1.5
    CHECK(u[2] == Approx(1.5e-4));  // tracked 0 floored at min_value 1e-4: at most 1.5e-4
    u = h.step({T(0.1), T(-2.5), T(0)});
    CHECK(u[0] == Approx(0.1));  // shrinking is free; the tracked value halves only (1.5 → 0.75)
    CHECK(h.step({T(10), T(0), T(0)})[0] == Approx(1.125));  // 0.75·1.5
}

TEMPLATE_TEST_CASE("clip_value_growth: additive limit", "[modules][clip_value_growth]", float, double) {
    using T = TestType;
    auto const inf = std::numeric_limits<double>::infinity();
    using C = chain<clip_value_growth>;
    tzero_test::harness<T, C> h(as_chain(clip_value_growth{.add = 0.5, .mul = inf}), {T(0), T(0)});
    h.step({T(1), T(-1)});
    auto const u = h.step({T(3), T(-1.2)});
    CHECK(u[0] == Approx(1.5));  // |u| may exceed |q| by 0.5
    CHECK(u[1] == Approx(-1.2));
}

TEST_CASE("clip_value_growth: bad hyperparameters are refused", "[modules][clip_value_growth][errors]") {
    REQUIRE_THROWS_WITH(clip_value_growth{.add = -1}.validate(), Catch::Contains("tzero: clip_value_growth: add"));
    REQUIRE_THROWS_WITH(clip_value_growth{.mul = -1}.validate(), Catch::Contains("tzero: clip_value_growth: mul"));
    REQUIRE_THROWS_WITH(clip_value_growth{.max_decay = 0}.validate(), Catch::Contains("max_decay"));
}
