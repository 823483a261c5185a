#include <catch2/catch.hpp>

#include <limits>

#include <tzero/tzero.hpp>

#include "modules/ops/ops_support.hpp"

using namespace tzero;

TEMPLATE_TEST_CASE("zeros: the update becomes 0, NaN and inf included", "[modules][zeros]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    ops_test::check<T>(zeros(), {T(3), T(-0.0), nan, inf}, {T(0), T(0), T(0), T(0)});
}

TEST_CASE("zeros: later modules still act (weight decay alone)", "[modules][zeros]") {
    tzero_test::harness<double, decltype(zeros() | weight_decay(0.5))> h(zeros() | weight_decay(0.5), {2.0, -4.0});
    CHECK(h.step({100.0, 100.0}) == std::vector<double>{1.0, -2.0});
}
