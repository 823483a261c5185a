#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(plan_of<decltype(accumulate_mean() | lr(1))>::state_slots == 1);
static_assert(plan_of<decltype(accumulate_mean() | lr(1))>::passes == 1);

TEMPLATE_TEST_CASE("accumulate_mean: the running sum divided by the step count", "[modules][accumulate_mean]", float,
                   double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    tzero_test::harness<T, accumulate_mean> h(accumulate_mean(), std::vector<T>(3, T(0)));
    CHECK(h.step({T(2), T(-1), T(0)}) == std::vector<T>{T(2), T(-1), T(0)});
    auto v = h.step({T(4), T(0), nan});
    CHECK(v[0] == T(3));
    CHECK(v[1] == T(-0.5));
    auto u = h.step({T(0), T(4), T(1)});
    CHECK(u[0] == T(2));                          // (2 + 4 + 0) / 3
    CHECK(u[1] == T(1));                          // (−1 + 0 + 4) / 3
    CHECK(std::isnan(u[2]));                      // NaN stays in the sum
    CHECK(h.optimizer().state(0, 0)[0] == T(6));  // the state is the sum, not the mean
}

TEMPLATE_TEST_CASE("accumulate_mean: decay scales the output only", "[modules][accumulate_mean]", float, double) {
    using T = TestType;
    tzero_test::harness<T, accumulate_mean> h(accumulate_mean{.decay = 0.5}, {T(0)});
    CHECK(h.step({T(4)})[0] == T(2));  // 4·0.5 / 1
    CHECK(h.step({T(8)})[0] == T(3));  // 12·0.5 / 2
    CHECK(h.optimizer().state(0, 0)[0] == T(12));
}

TEST_CASE("accumulate_mean: decay is a finite number", "[modules][accumulate_mean][errors]") {
    CHECK_THROWS_WITH(as_chain(accumulate_mean{.decay = -std::numeric_limits<double>::infinity()}).validate(),
                      Contains("tzero: accumulate_mean: decay must be a finite number") && Contains("got -inf"));
}
