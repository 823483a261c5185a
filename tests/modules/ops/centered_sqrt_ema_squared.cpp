#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

TEMPLATE_TEST_CASE("centered_sqrt_ema_squared: √(v − m²), debiased by √(1 − βᵗ)", "[modules][centered_sqrt_ema_squared]",
                   float, double) {
    using T = TestType;
    tzero_test::harness<T, centered_sqrt_ema_squared> plain(centered_sqrt_ema_squared{.beta = 0.5}, {T(0)});
    CHECK(plain.step({T(2)})[0] == T(1));
    CHECK(plain.step({T(-4)})[0] == Approx(std::sqrt(6.75)));
    tzero_test::harness<T, centered_sqrt_ema_squared> debiased(
        centered_sqrt_ema_squared{.beta = 0.5, .debiased = true}, {T(0)});
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

TEST_CASE("centered_sqrt_ema_squared: 0 <= beta < 1, pow > 0", "[modules][centered_sqrt_ema_squared][errors]") {
    CHECK_THROWS_WITH(as_chain(centered_sqrt_ema_squared{.beta = 1}).validate(),
                      Contains("tzero: centered_sqrt_ema_squared: beta must be in [0, 1)"));
    CHECK_THROWS_WITH(centered_sqrt_ema_squared{.pow = 0}.validate(),
                      Contains("tzero: centered_sqrt_ema_squared: pow must be a finite number > 0"));
}
