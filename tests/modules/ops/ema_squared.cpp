#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(plan_of<decltype(ema_squared() | lr(1))>::state_slots == 1);
static_assert(plan_of<decltype(ema_squared() | lr(1))>::bytes_per_element<float> == 20);

TEMPLATE_TEST_CASE("ema_squared: an EMA of u², starting at 0", "[modules][ema_squared]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    tzero_test::harness<T, ema_squared> h(ema_squared{.beta = 0.5}, std::vector<T>(4, T(0)));
    // v₁ = 0.5·u²        v₂ = 0.5·v₁ + 0.5·u²
    CHECK(h.step({T(2), T(-1), T(0), nan})[0] == T(2));
    auto u = h.step({T(-4), T(0), T(0), T(1)});
    CHECK(u[0] == T(9));
    CHECK(u[1] == T(0.25));  // a zero gradient decays the average
    CHECK(u[2] == T(0));
    CHECK(std::isnan(u[3]));  // NaN stays in the average, as in torchzero
    CHECK(h.optimizer().state(0, 0)[0] == T(9));
}

TEMPLATE_TEST_CASE("ema_squared: other powers average |u|^pow", "[modules][ema_squared]", float, double) {
    using T = TestType;
    tzero_test::harness<T, ema_squared> one(ema_squared{.beta = 0.5, .pow = 1}, {T(0)});
    CHECK(one.step({T(-2)})[0] == T(1));  // lerp(0, |−2|, 0.5)
    CHECK(one.step({T(4)})[0] == T(2.5));
    tzero_test::harness<T, ema_squared> cube(ema_squared{.beta = 0.5, .pow = 3}, {T(0)});
    CHECK(cube.step({T(2)})[0] == T(4));
    CHECK(cube.step({T(-4)})[0] == T(34));  // |−4|³ = 64
    // a non-integer power of a negative update: |u|^pow (torchzero: |u^pow| = NaN)
    tzero_test::harness<T, ema_squared> half(ema_squared{.beta = 0.5, .pow = 1.5}, {T(0)});
    CHECK(half.step({T(4)})[0] == Approx(4.0));
    CHECK(half.step({T(-4)})[0] == Approx(6.0));
}

TEST_CASE("ema_squared: 0 <= beta < 1, pow > 0", "[modules][ema_squared][errors]") {
    CHECK_THROWS_WITH(as_chain(ema_squared{.beta = 1}).validate(),
                      Contains("tzero: ema_squared: beta must be in [0, 1)") && Contains("got 1"));
    CHECK_THROWS_WITH(ema_squared{.pow = 0}.validate(), Contains("tzero: ema_squared: pow must be a finite number > 0"));
    CHECK_THROWS_WITH(ema_squared{.pow = std::numeric_limits<double>::infinity()}.validate(), Contains("got inf"));
}
