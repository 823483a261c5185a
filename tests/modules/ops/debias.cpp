#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(plan_of<decltype(debias() | lr(1))>::state_slots == 0);

TEMPLATE_TEST_CASE("debias: alpha / (1 − β1ᵗ) · (1 − β2ᵗ)^(1/pow)", "[modules][debias]", float, double) {
    using T = TestType;
    tzero_test::harness<T, debias> h(debias{.beta1 = 0.5, .beta2 = 0.75, .alpha = 2}, {T(0), T(0)});
    CHECK(h.step({T(3), T(-1)}) == std::vector<T>{T(6), T(-2)});  // 2 / 0.5 · √0.25 = 2
    auto u = h.step({T(3), T(0)});
    CHECK(u[0] == Approx(3 * 2 / 0.75 * std::sqrt(1 - 0.5625)));
    CHECK(u[1] == T(0));
    tzero_test::harness<T, debias> cube(debias{.beta2 = 0.5, .pow = 3}, {T(0)});
    CHECK(cube.step({T(1)})[0] == Approx(std::cbrt(0.5)));
}

TEMPLATE_TEST_CASE("debias: the defaults (no betas) change nothing", "[modules][debias]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    tzero_test::harness<T, debias> h(debias(), std::vector<T>(3, T(0)));
    for (int t = 0; t < 3; ++t) {
        auto u = h.step({T(0.5), T(-7), nan});
        CHECK(u[0] == T(0.5));
        CHECK(u[1] == T(-7));
        CHECK(std::isnan(u[2]));
    }
}

TEST_CASE("debias: 0 <= beta < 1, alpha finite, pow > 0", "[modules][debias][errors]") {
    CHECK_THROWS_WITH(as_chain(debias{.beta1 = 1}).validate(), Contains("tzero: debias: beta1 must be in [0, 1)"));
    CHECK_THROWS_WITH(debias{.beta2 = -0.5}.validate(), Contains("tzero: debias: beta2") && Contains("got -0.5"));
    CHECK_THROWS_WITH(debias{.alpha = std::numeric_limits<double>::infinity()}.validate(),
                      Contains("tzero: debias: alpha must be a finite number"));
    CHECK_THROWS_WITH(debias{.pow = 0}.validate(), Contains("tzero: debias: pow must be a finite number > 0"));
}
