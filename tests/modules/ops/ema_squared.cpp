#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <type_traits>

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

static_assert(std::is_same_v<ema_squared, basic_ema_squared<amsgrad_off_t>>);
static_assert(std::is_same_v<decltype(ema_squared{.beta = 0.9}.with_amsgrad()), basic_ema_squared<amsgrad_on_t>>);
static_assert(plan_of<decltype(ema_squared().with_amsgrad() | lr(1))>::state_slots == 2);

TEMPLATE_TEST_CASE("ema_squared: amsgrad returns the running maximum of v", "[modules][ema_squared]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    tzero_test::harness<T, basic_ema_squared<amsgrad_on_t>> h(ema_squared{.beta = 0.5}.with_amsgrad(),
                                                              {T(0), T(0), T(0)});
    // v: 2, 9, 4.5        v_max (from 0): 2, 9, 9
    auto u = h.step({T(2), nan, T(1)});
    CHECK(u[0] == T(2));
    CHECK(std::isnan(u[1]));
    CHECK(u[2] == T(0.5));
    u = h.step({T(-4), T(1), T(1)});
    CHECK(u[0] == T(9));
    CHECK(std::isnan(u[1]));  // the NaN stays in v_max, as torch.maximum
    CHECK(u[2] == T(0.75));
    h.optimizer().state(1, 0)[2] = nan;  // a NaN maximum wins over a finite v, too
    u = h.step({T(0), T(1), T(1)});
    CHECK(u[0] == T(9));  // v fell to 4.5, the maximum did not
    CHECK(std::isnan(u[1]));
    CHECK(std::isnan(u[2]));
    CHECK(h.optimizer().state(0, 0)[0] == T(4.5));
    CHECK(h.optimizer().state(0, 0)[2] == T(0.875));
    CHECK(h.optimizer().state(1, 0)[0] == T(9));
}

TEST_CASE("ema_squared: describe prints amsgrad", "[modules][ema_squared]") {
    CHECK(describe(ema_squared()) == "ema_squared(beta=0.999, amsgrad=off, pow=2)");
    CHECK(describe(ema_squared{.beta = 0.5, .pow = 1}.with_amsgrad()) == "ema_squared(beta=0.5, amsgrad=on, pow=1)");
}

TEST_CASE("ema_squared: 0 <= beta < 1, pow > 0", "[modules][ema_squared][errors]") {
    CHECK_THROWS_WITH(as_chain(ema_squared{.beta = 1}).validate(),
                      Contains("tzero: ema_squared: beta must be in [0, 1)") && Contains("got 1"));
    CHECK_THROWS_WITH(ema_squared{.pow = 0}.validate(),
                      Contains("tzero: ema_squared: pow must be a finite number > 0"));
    CHECK_THROWS_WITH(ema_squared{.pow = std::numeric_limits<double>::infinity()}.validate(), Contains("got inf"));
}

TEST_CASE("ema_squared: with_amsgrad keeps every field, and is idempotent", "[modules][ema_squared]") {
    constexpr auto a = ema_squared{.beta = 0.5, .pow = 3}.with_amsgrad();
    static_assert(std::is_same_v<decltype(a), basic_ema_squared<amsgrad_on_t> const>);
    static_assert(std::is_same_v<decltype(a.with_amsgrad()), basic_ema_squared<amsgrad_on_t>>);
    CHECK(describe(a) == "ema_squared(beta=0.5, amsgrad=on, pow=3)");
    CHECK(describe(a.with_amsgrad()) == describe(a));
}
