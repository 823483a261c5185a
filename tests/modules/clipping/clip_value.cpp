#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

TEMPLATE_TEST_CASE("clip_value: clamps between -value and value, keeps NaN", "[modules][clip_value]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    tzero_test::harness<T, clip_value> h(clip_value(0.5), std::vector<T>(6, T(0)));
    auto u = h.step({T(2), T(-3), T(0.25), T(-0.5), T(0), nan});
    CHECK(u[0] == T(0.5));
    CHECK(u[1] == T(-0.5));
    CHECK(u[2] == T(0.25));
    CHECK(u[3] == T(-0.5));
    CHECK(u[4] == T(0));
    CHECK(std::isnan(u[5]));
}

TEMPLATE_TEST_CASE("clip_value: value 0 stops every step, infinity never clips", "[modules][clip_value]", float,
                   double) {
    using T = TestType;
    tzero_test::harness<T, clip_value> zero(clip_value(0), std::vector<T>(2, T(1)));
    CHECK(zero.step({T(5), T(-5)}) == std::vector<T>{0, 0});
    tzero_test::harness<T, clip_value> none(clip_value(std::numeric_limits<double>::infinity()),
                                            std::vector<T>(2, T(0)));
    CHECK(none.step({T(1e30), T(-1e30)}) == std::vector<T>{T(1e30), T(-1e30)});
}
