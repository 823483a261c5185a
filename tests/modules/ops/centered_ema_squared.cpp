#include <catch2/catch.hpp>

#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(plan_of<decltype(centered_ema_squared() | lr(1))>::state_slots == 2);

TEMPLATE_TEST_CASE("centered_ema_squared: v − m², v kept uncentered", "[modules][centered_ema_squared]", float, double) {
    using T = TestType;
    tzero_test::harness<T, centered_ema_squared> h(centered_ema_squared{.beta = 0.5}, {T(0), T(0)});
    // v₁ = 2, m₁ = 1        v₂ = 9, m₂ = lerp(1, −4, 0.5) = −1.5
    CHECK(h.step({T(2), T(0)}) == std::vector<T>{T(1), T(0)});
    CHECK(h.step({T(-4), T(0)}) == std::vector<T>{T(6.75), T(0)});
    CHECK(h.optimizer().state(0, 0)[0] == T(9));
    CHECK(h.optimizer().state(1, 0)[0] == T(-1.5));
    // pow 1: v averages |u|, and may fall below m²
    tzero_test::harness<T, centered_ema_squared> one(centered_ema_squared{.beta = 0.5, .pow = 1}, {T(0)});
    CHECK(one.step({T(4)})[0] == T(-2));  // 2 − 2²
}

TEST_CASE("centered_ema_squared: 0 <= beta < 1, pow > 0", "[modules][centered_ema_squared][errors]") {
    CHECK_THROWS_WITH(as_chain(centered_ema_squared{.beta = 1.5}).validate(),
                      Contains("tzero: centered_ema_squared: beta must be in [0, 1)") && Contains("got 1.5"));
    CHECK_THROWS_WITH(centered_ema_squared{.pow = std::numeric_limits<double>::quiet_NaN()}.validate(),
                      Contains("tzero: centered_ema_squared: pow"));
}
