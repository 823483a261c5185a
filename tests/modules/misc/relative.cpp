#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(uses_param_v<relative>);
static_assert(plan_of<decltype(adam() | relative() | lr(1))>::state_slots == 2);
static_assert(plan_of<decltype(adam() | relative() | lr(1))>::passes == 1);

TEMPLATE_TEST_CASE("relative: the update times max(|p|, min_value)", "[modules][relative]", float, double) {
    using T = TestType;
    // the update is g·max(|p|, min_value); every value here is exact in float
    auto const chain = relative{.min_value = 0.25} | lr(1);
    tzero_test::harness<T, decltype(chain)> h(chain, {T(2), T(-4), T(0), T(0.125)});
    auto const u = h.step({T(1), T(0.5), T(4), T(-2)});
    CHECK(u == std::vector<T>{T(2), T(2), T(1), T(-0.5)});

    T const nan = std::numeric_limits<T>::quiet_NaN();
    tzero_test::harness<T, relative> d(relative(), {T(0), nan});
    auto const v = d.step({T(2), T(1)});
    CHECK(v[0] == Approx(2e-4));  // a parameter at 0 still moves
    CHECK(std::isnan(v[1]));
}

TEST_CASE("relative: min_value is a finite number >= 0", "[modules][relative][errors]") {
    CHECK(describe(relative()) == "relative(min_value=1e-04)");
    CHECK_THROWS_WITH(relative(-1).validate(),
                      Contains("tzero: relative: min_value must be a finite number >= 0") && Contains("got -1"));
    CHECK_THROWS_WITH(relative(std::numeric_limits<double>::quiet_NaN()).validate(), Contains("min_value"));
}
