#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

TEMPLATE_TEST_CASE("debias2: divides by (1 − βᵗ)^(1/pow)", "[modules][debias2]", float, double) {
    using T = TestType;
    tzero_test::harness<T, debias2> h(debias2{.beta = 0.75}, {T(0), T(0)});
    CHECK(h.step({T(3), T(-1)}) == std::vector<T>{T(6), T(-2)});  // √0.25 = 0.5
    CHECK(h.step({T(3), T(0)})[0] == Approx(3 / std::sqrt(1 - 0.5625)));
    tzero_test::harness<T, debias2> one(debias2{.beta = 0.5, .pow = 1}, {T(0)});
    CHECK(one.step({T(1)})[0] == T(2));
    CHECK(one.step({T(1)})[0] == Approx(1 / 0.75));
    // the default β = 0.999 on step 1: 1/√0.001
    tzero_test::harness<T, debias2> d(debias2(), {T(0)});
    CHECK(d.step({T(1)})[0] == Approx(1 / std::sqrt(1 - 0.999)));
}

TEST_CASE("debias2: 0 <= beta < 1, pow > 0", "[modules][debias2][errors]") {
    CHECK_THROWS_WITH(as_chain(debias2{.beta = 1}).validate(),
                      Contains("tzero: debias2: beta must be in [0, 1)") && Contains("got 1"));
    CHECK_THROWS_WITH(debias2{.pow = -1}.validate(), Contains("tzero: debias2: pow must be a finite number > 0"));
}
