#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <type_traits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(plan_of<decltype(centered_ema_squared() | lr(1))>::state_slots == 2);

TEMPLATE_TEST_CASE("centered_ema_squared: v − m², v kept uncentered", "[modules][centered_ema_squared]", float,
                   double) {
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

static_assert(std::is_same_v<centered_ema_squared, basic_centered_ema_squared<amsgrad_off_t>>);
static_assert(plan_of<decltype(centered_ema_squared().with_amsgrad() | lr(1))>::state_slots == 3);

TEMPLATE_TEST_CASE("centered_ema_squared: amsgrad returns the running maximum of v − m²",
                   "[modules][centered_ema_squared]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    tzero_test::harness<T, basic_centered_ema_squared<amsgrad_on_t>> h(centered_ema_squared{.beta = 0.5}.with_amsgrad(),
                                                                       {T(0), T(0)});
    // v: 2, 9, 4.5        m: 1, −1.5, −0.75        v − m²: 1, 6.75, 3.9375        v_max: 1, 6.75, 6.75
    auto u = h.step({T(2), nan});
    CHECK(u[0] == T(1));  // torchzero's: max(v) = 2, the centering lost
    CHECK(std::isnan(u[1]));
    u = h.step({T(-4), T(1)});
    CHECK(u[0] == T(6.75));
    CHECK(std::isnan(u[1]));  // the NaN stays in v_max, as torch.maximum
    CHECK(h.step({T(0), T(1)})[0] == T(6.75));
    CHECK(h.optimizer().state(0, 0)[0] == T(4.5));
    CHECK(h.optimizer().state(1, 0)[0] == T(-0.75));
    CHECK(h.optimizer().state(2, 0)[0] == T(6.75));
    // v_max starts at 0: pow 1 centers below zero (v = 2, m² = 4), the maximum stays 0
    tzero_test::harness<T, basic_centered_ema_squared<amsgrad_on_t>> one(
        centered_ema_squared{.beta = 0.5, .pow = 1}.with_amsgrad(), {T(0)});
    CHECK(one.step({T(4)})[0] == T(0));
}

TEST_CASE("centered_ema_squared: describe prints amsgrad", "[modules][centered_ema_squared]") {
    CHECK(describe(centered_ema_squared()) == "centered_ema_squared(beta=0.99, amsgrad=off, pow=2)");
    CHECK(describe(centered_ema_squared().with_amsgrad()) == "centered_ema_squared(beta=0.99, amsgrad=on, pow=2)");
}

TEST_CASE("centered_ema_squared: 0 <= beta < 1, pow > 0", "[modules][centered_ema_squared][errors]") {
    CHECK_THROWS_WITH(as_chain(centered_ema_squared{.beta = 1.5}).validate(),
                      Contains("tzero: centered_ema_squared: beta must be in [0, 1)") && Contains("got 1.5"));
    CHECK_THROWS_WITH(centered_ema_squared{.pow = std::numeric_limits<double>::quiet_NaN()}.validate(),
                      Contains("tzero: centered_ema_squared: pow"));
}

TEST_CASE("centered_ema_squared: with_amsgrad keeps every field, and is idempotent",
          "[modules][centered_ema_squared]") {
    constexpr auto a = centered_ema_squared{.beta = 0.5, .pow = 3}.with_amsgrad();
    static_assert(std::is_same_v<decltype(a), basic_centered_ema_squared<amsgrad_on_t> const>);
    static_assert(std::is_same_v<decltype(a.with_amsgrad()), basic_centered_ema_squared<amsgrad_on_t>>);
    CHECK(describe(a) == "centered_ema_squared(beta=0.5, amsgrad=on, pow=3)");
    CHECK(describe(a.with_amsgrad()) == describe(a));
}
