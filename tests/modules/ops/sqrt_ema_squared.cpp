#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

TEMPLATE_TEST_CASE("sqrt_ema_squared: √v, and √v̂ when debiased", "[modules][sqrt_ema_squared]", float, double) {
    using T = TestType;
    tzero_test::harness<T, sqrt_ema_squared> plain(sqrt_ema_squared{.beta = 0.5}, {T(0), T(0)});
    auto u = plain.step({T(2), T(0)});
    CHECK(u[0] == Approx(std::sqrt(2.0)));  // v₁ = 2
    CHECK(u[1] == T(0));
    CHECK(plain.step({T(-4), T(0)})[0] == T(3));  // v₂ = 9
    // debiased: √(v / (1 − βᵗ)); on step 1 that is |u|, as Adam's denominator
    tzero_test::harness<T, sqrt_ema_squared> debiased(sqrt_ema_squared{.beta = 0.5, .debiased = true}, {T(0)});
    CHECK(debiased.step({T(2)})[0] == Approx(2.0));
    CHECK(debiased.step({T(-4)})[0] == Approx(3.0 / std::sqrt(0.75)));
}

TEMPLATE_TEST_CASE("sqrt_ema_squared: pow 1 and 3", "[modules][sqrt_ema_squared]", float, double) {
    using T = TestType;
    tzero_test::harness<T, sqrt_ema_squared> one(sqrt_ema_squared{.beta = 0.5, .pow = 1}, {T(0)});
    CHECK(one.step({T(-2)})[0] == T(1));
    tzero_test::harness<T, sqrt_ema_squared> cube(sqrt_ema_squared{.beta = 0.5, .debiased = true, .pow = 3}, {T(0)});
    CHECK(cube.step({T(-2)})[0] == Approx(2.0));  // ∛(4 / 0.5)
    CHECK(cube.step({T(4)})[0] == Approx(std::cbrt(34.0 / 0.75)));
}

TEST_CASE("sqrt_ema_squared: 0 <= beta < 1, pow > 0", "[modules][sqrt_ema_squared][errors]") {
    CHECK_THROWS_WITH(as_chain(sqrt_ema_squared{.beta = -0.1}).validate(),
                      Contains("tzero: sqrt_ema_squared: beta must be in [0, 1)"));
    CHECK_THROWS_WITH(sqrt_ema_squared{.pow = -2}.validate(), Contains("tzero: sqrt_ema_squared: pow") && Contains("got -2"));
}
