#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "modules/misc/sequence_support.hpp"
#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(plan_of<decltype(last_absolute_ratio() | lr(1))>::state_slots == 1);
static_assert(plan_of<decltype(adam() | last_absolute_ratio() | lr(1))>::passes == 1);

TEMPLATE_TEST_CASE("last_absolute_ratio: |u| over the last |u|, the denominator at least eps",
                   "[modules][last_absolute_ratio]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    tzero_test::harness<T, last_absolute_ratio> cur(last_absolute_ratio(), {T(0)});
    CHECK(cur.step({T(-2)})[0] == T(2));  // the first divides by 1
    CHECK(cur.step({T(4)})[0] == T(2));
    CHECK(cur.optimizer().state(0, 0)[0] == T(4));
    auto const u = sequence_test::run(last_absolute_ratio(), {T(0), T(3), nan, T(-6), T(1)});
    CHECK(u[1] == Approx(3 / T(1e-8)));                                  // the stored 0 is raised to eps
    CHECK(sequence_test::same(u, {T(0), u[1], nan, nan, T(1) / T(6)}));  // NaN stays NaN through max

    CHECK(sequence_test::same(
        sequence_test::run(last_absolute_ratio{.numerator = ratio_numerator::prev, .eps = 0.5}, {T(-4), T(0), T(-2)}),
        {T(0.25), inf, T(0.25)}));  // eps bounds the previous magnitude only: 4/0, then max(0, 0.5)/2
}

TEST_CASE("last_absolute_ratio: eps is a finite number >= 0", "[modules][last_absolute_ratio][errors]") {
    CHECK(describe(last_absolute_ratio()) == "last_absolute_ratio(numerator=cur, eps=1e-08)");
    CHECK_THROWS_WITH(last_absolute_ratio{.eps = -1}.validate(),
                      Contains("tzero: last_absolute_ratio: eps must be a finite number >= 0") && Contains("got -1"));
    CHECK_THROWS_WITH(last_absolute_ratio{.eps = std::numeric_limits<double>::infinity()}.validate(),
                      Contains("eps must be a finite number"));
    CHECK_THROWS_WITH(last_absolute_ratio{.numerator = ratio_numerator(2)}.validate(),
                      Contains("numerator must be cur or prev"));
}
