#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "modules/misc/sequence_support.hpp"
#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(plan_of<decltype(last_ratio() | lr(1))>::state_slots == 1);
static_assert(plan_of<decltype(adam() | last_ratio() | lr(1))>::passes == 1);

TEMPLATE_TEST_CASE("last_ratio: the update over the last one, starting from 1", "[modules][last_ratio]", float,
                   double) {
    using T = TestType;
    T const inf = std::numeric_limits<T>::infinity(), nan = std::numeric_limits<T>::quiet_NaN();
    tzero_test::harness<T, last_ratio> cur(last_ratio(), {T(0), T(0)});
    CHECK(cur.step({T(2), T(-3)}) == std::vector<T>{T(2), T(-3)});
    CHECK(cur.step({T(4), T(6)}) == std::vector<T>{T(2), T(-2)});
    CHECK(cur.optimizer().state(0, 0)[1] == T(6));
    // nothing guards the division, as in torchzero
    CHECK(sequence_test::same(sequence_test::run(last_ratio(), {T(4), T(0), T(1), T(0), T(0)}),
                              {T(4), T(0), inf, T(0), nan}));
    CHECK(sequence_test::same(
        sequence_test::run(last_ratio{.numerator = ratio_numerator::prev}, {T(2), T(8), T(0), T(0), T(-1)}),
        {T(0.5), T(0.25), inf, nan, T(0)}));
}

TEST_CASE("last_ratio: numerator is cur or prev", "[modules][last_ratio][errors]") {
    CHECK(describe(last_ratio{.numerator = ratio_numerator::prev}) == "last_ratio(numerator=prev)");
    CHECK_THROWS_WITH(last_ratio{.numerator = ratio_numerator(7)}.validate(),
                      Contains("tzero: last_ratio: numerator must be cur or prev"));
}
