#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <type_traits>

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

static_assert(std::is_same_v<sqrt_ema_squared, basic_sqrt_ema_squared<amsgrad_off_t>>);
static_assert(plan_of<decltype(sqrt_ema_squared().with_amsgrad() | lr(1))>::state_slots == 2);

TEMPLATE_TEST_CASE("sqrt_ema_squared: amsgrad takes the root of the running maximum of v",
                   "[modules][sqrt_ema_squared]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    // v: 2, 9, 4.5        v_max: 2, 9, 9 (the maximum before the root and the debiasing)
    tzero_test::harness<T, basic_sqrt_ema_squared<amsgrad_on_t>> plain(sqrt_ema_squared{.beta = 0.5}.with_amsgrad(),
                                                                       {T(0), T(0)});
    CHECK(plain.step({T(2), nan})[0] == Approx(std::sqrt(2.0)));
    auto u = plain.step({T(-4), T(1)});
    CHECK(u[0] == T(3));
    CHECK(std::isnan(u[1]));  // the NaN stays in v_max, as torch.maximum
    CHECK(plain.step({T(0), T(1)})[0] == T(3));
    CHECK(plain.optimizer().state(0, 0)[0] == T(4.5));
    CHECK(plain.optimizer().state(1, 0)[0] == T(9));
    tzero_test::harness<T, basic_sqrt_ema_squared<amsgrad_on_t>> debiased(
        sqrt_ema_squared{.beta = 0.5, .debiased = true}.with_amsgrad(), {T(0)});
    CHECK(debiased.step({T(2)})[0] == Approx(2.0));  // √2 / √0.5
    CHECK(debiased.step({T(-4)})[0] == Approx(3 / std::sqrt(0.75)));
    CHECK(debiased.step({T(0)})[0] == Approx(3 / std::sqrt(0.875)));
    // pow 3: the cube root of the maximum
    tzero_test::harness<T, basic_sqrt_ema_squared<amsgrad_on_t>> cube(
        sqrt_ema_squared{.beta = 0.5, .pow = 3}.with_amsgrad(), {T(0)});
    CHECK(cube.step({T(-4)})[0] == Approx(std::cbrt(32.0)));
    CHECK(cube.step({T(0)})[0] == Approx(std::cbrt(32.0)));  // v = 16
}

TEST_CASE("sqrt_ema_squared: describe prints amsgrad", "[modules][sqrt_ema_squared]") {
    CHECK(describe(sqrt_ema_squared()) == "sqrt_ema_squared(beta=0.999, amsgrad=off, debiased=false, pow=2)");
    CHECK(describe(sqrt_ema_squared{.beta = 0.5, .debiased = true}.with_amsgrad()) ==
          "sqrt_ema_squared(beta=0.5, amsgrad=on, debiased=true, pow=2)");
}

TEST_CASE("sqrt_ema_squared: 0 <= beta < 1, pow > 0", "[modules][sqrt_ema_squared][errors]") {
    CHECK_THROWS_WITH(as_chain(sqrt_ema_squared{.beta = -0.1}).validate(),
                      Contains("tzero: sqrt_ema_squared: beta must be in [0, 1)"));
    CHECK_THROWS_WITH(sqrt_ema_squared{.pow = -2}.validate(),
                      Contains("tzero: sqrt_ema_squared: pow") && Contains("got -2"));
}

TEST_CASE("sqrt_ema_squared: with_amsgrad keeps every field, and is idempotent", "[modules][sqrt_ema_squared]") {
    constexpr auto a = sqrt_ema_squared{.beta = 0.5, .debiased = true, .pow = 3}.with_amsgrad();
    static_assert(std::is_same_v<decltype(a), basic_sqrt_ema_squared<amsgrad_on_t> const>);
    static_assert(std::is_same_v<decltype(a.with_amsgrad()), basic_sqrt_ema_squared<amsgrad_on_t>>);
    CHECK(describe(a) == "sqrt_ema_squared(beta=0.5, amsgrad=on, debiased=true, pow=3)");
    CHECK(describe(a.with_amsgrad()) == describe(a));
}
