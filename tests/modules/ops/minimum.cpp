#include <catch2/catch.hpp>

#include <limits>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

TEMPLATE_TEST_CASE("minimum: elementwise min of the update and other(u), NaN wins", "[modules][minimum]", float,
                   double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    tzero_test::harness<T, decltype(minimum(negate()))> h{minimum(negate()), std::vector<T>(4, T(0))};
    auto const u = h.step({T(2), T(-3), T(0), nan});
    CHECK(u[0] == T(-2));
    CHECK(u[1] == T(-3));
    CHECK(u[2] == T(0));
    CHECK(std::isnan(u[3]));
    // the smaller of a step and its clipped twin: clip_value as a floor-free cap on the positives
    tzero_test::harness<T, decltype(minimum(clip_value(1)))> c(minimum(clip_value(1)), std::vector<T>(3, T(0)));
    CHECK(c.step({T(5), T(-5), T(0.5)}) == std::vector<T>{T(1), T(-5), T(0.5)});
}
