#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <type_traits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

TEMPLATE_TEST_CASE("centered_sqrt_ema_squared: √(v − m²), debiased by √(1 − βᵗ)",
                   "[modules][centered_sqrt_ema_squared]", float, double) {
    using T = TestType;
    tzero_test::harness<T, centered_sqrt_ema_squared> plain(centered_sqrt_ema_squared{.beta = 0.5}, {T(0)});
    CHECK(plain.step({T(2)})[0] == T(1));
    CHECK(plain.step({T(-4)})[0] == Approx(std::sqrt(6.75)));
    tzero_test::harness<T, centered_sqrt_ema_squared> debiased(centered_sqrt_ema_squared{.beta = 0.5, .debiased = true},
                                                               {T(0)});
    CHECK(debiased.step({T(2)})[0] == Approx(1 / std::sqrt(0.5)));
    CHECK(debiased.step({T(-4)})[0] == Approx(3.0));  // √6.75 / √0.75
    // pow 1 can center below zero (v = 2, m² = 4); its root is the magnitude, as torchzero's
    tzero_test::harness<T, centered_sqrt_ema_squared> one(centered_sqrt_ema_squared{.beta = 0.5, .pow = 1}, {T(0)});
    CHECK(one.step({T(4)})[0] == T(2));
}

TEST_CASE("centered_sqrt_ema_squared: a constant update has no variance", "[modules][centered_sqrt_ema_squared]") {
    // u = 1 each step, β = 0.5: v = m = 1 − 0.5ᵗ, v − m² = m(1 − m) > 0 and shrinking
    tzero_test::harness<double, centered_sqrt_ema_squared> h(centered_sqrt_ema_squared{.beta = 0.5}, {0.0});
    double m = 0;
    for (int t = 1; t <= 6; ++t) {
        m = 1 - std::pow(0.5, t);
        CHECK(h.step({1.0})[0] == Approx(std::sqrt(m - m * m)));
    }
}

static_assert(std::is_same_v<centered_sqrt_ema_squared, basic_centered_sqrt_ema_squared<amsgrad_off_t>>);
static_assert(plan_of<decltype(centered_sqrt_ema_squared().with_amsgrad() | lr(1))>::state_slots == 3);

TEMPLATE_TEST_CASE("centered_sqrt_ema_squared: amsgrad takes the root of the running maximum of v − m²",
                   "[modules][centered_sqrt_ema_squared]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    // v − m²: 1, 6.75, 3.9375        v_max: 1, 6.75, 6.75 (before the root and the debiasing)
    tzero_test::harness<T, basic_centered_sqrt_ema_squared<amsgrad_on_t>> plain(
        centered_sqrt_ema_squared{.beta = 0.5}.with_amsgrad(), {T(0), T(0)});
    auto u = plain.step({T(2), nan});
    CHECK(u[0] == T(1));  // torchzero's: √max(v) = √2, the centering lost
    CHECK(std::isnan(u[1]));
    u = plain.step({T(-4), T(1)});
    CHECK(u[0] == Approx(std::sqrt(6.75)));
    CHECK(std::isnan(u[1]));  // the NaN stays in v_max, as torch.maximum
    CHECK(plain.step({T(0), T(1)})[0] == Approx(std::sqrt(6.75)));
    CHECK(plain.optimizer().state(2, 0)[0] == T(6.75));
    tzero_test::harness<T, basic_centered_sqrt_ema_squared<amsgrad_on_t>> debiased(
        centered_sqrt_ema_squared{.beta = 0.5, .debiased = true}.with_amsgrad(), {T(0)});
    CHECK(debiased.step({T(2)})[0] == Approx(1 / std::sqrt(0.5)));
    CHECK(debiased.step({T(-4)})[0] == Approx(3.0));  // √6.75 / √0.75
    CHECK(debiased.step({T(0)})[0] == Approx(std::sqrt(6.75 / 0.875)));
    // v_max starts at 0 and so cannot fall below it: no NaN from v − m² rounding below 0
    tzero_test::harness<T, basic_centered_sqrt_ema_squared<amsgrad_on_t>> one(
        centered_sqrt_ema_squared{.beta = 0.5, .pow = 1}.with_amsgrad(), {T(0)});
    CHECK(one.step({T(4)})[0] == T(0));  // v − m² = 2 − 4
}

TEST_CASE("centered_sqrt_ema_squared: describe prints amsgrad", "[modules][centered_sqrt_ema_squared]") {
    CHECK(describe(centered_sqrt_ema_squared()) ==
          "centered_sqrt_ema_squared(beta=0.99, amsgrad=off, debiased=false, pow=2)");
    CHECK(describe(centered_sqrt_ema_squared{.beta = 0.9, .debiased = true, .pow = 3}.with_amsgrad()) ==
          "centered_sqrt_ema_squared(beta=0.9, amsgrad=on, debiased=true, pow=3)");
}

TEST_CASE("centered_sqrt_ema_squared: 0 <= beta < 1, pow > 0", "[modules][centered_sqrt_ema_squared][errors]") {
    CHECK_THROWS_WITH(as_chain(centered_sqrt_ema_squared{.beta = 1}).validate(),
                      Contains("tzero: centered_sqrt_ema_squared: beta must be in [0, 1)"));
    CHECK_THROWS_WITH(centered_sqrt_ema_squared{.pow = 0}.validate(),
                      Contains("tzero: centered_sqrt_ema_squared: pow must be a finite number > 0"));
}

TEST_CASE("centered_sqrt_ema_squared: with_amsgrad keeps every field, and is idempotent",
          "[modules][centered_sqrt_ema_squared]") {
    constexpr auto a = centered_sqrt_ema_squared{.beta = 0.5, .debiased = true, .pow = 3}.with_amsgrad();
    static_assert(std::is_same_v<decltype(a), basic_centered_sqrt_ema_squared<amsgrad_on_t> const>);
    static_assert(std::is_same_v<decltype(a.with_amsgrad()), basic_centered_sqrt_ema_squared<amsgrad_on_t>>);
    CHECK(describe(a) == "centered_sqrt_ema_squared(beta=0.5, amsgrad=on, debiased=true, pow=3)");
    CHECK(describe(a.with_amsgrad()) == describe(a));
}
