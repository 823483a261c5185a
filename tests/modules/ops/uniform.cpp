#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

TEMPLATE_TEST_CASE("uniform: updates in low to high", "[modules][uniform]", float, double) {
    using T = TestType;
    std::vector<T> const g(3001, T(1));
    tzero_test::harness<T, uniform> h(uniform{.low = -2, .high = 0.5}, std::vector<T>(g.size()));
    auto const u = h.step(g);
    double s = 0, lo = 1, hi = -3;
    for (T x : u) s += x, lo = std::min(lo, double(x)), hi = std::max(hi, double(x));
    CHECK(lo >= -2);
    CHECK(hi < 0.5);
    CHECK(lo < -1.99);
    CHECK(hi > 0.49);
    CHECK(std::abs(s / 3001 + 0.75) < 0.05);
    tzero_test::harness<T, uniform> point(uniform{.low = 1.5, .high = 1.5}, std::vector<T>(3));
    CHECK(point.step({T(0), T(0), T(0)}) == std::vector<T>{T(1.5), T(1.5), T(1.5)});
}

TEST_CASE("uniform: printing and validation", "[modules][uniform][errors]") {
    CHECK(describe(uniform{.low = 0, .high = 1}) == "uniform(low=0, high=1, seed=0)");
    CHECK_THROWS_WITH(uniform{}.validate(),
                      Contains("tzero: uniform: low and high must be finite numbers"));  // required
    CHECK_THROWS_WITH((uniform{.low = 1, .high = 0}.validate()), Contains("low <= high"));
}
