#include <catch2/catch.hpp>

#include <limits>

#include <tzero/tzero.hpp>

#include "modules/ops/ops_support.hpp"

using namespace tzero;

static_assert(plan_of<decltype(tzero::abs() | lr(1))>::bytes_per_element<float> == 12);

TEMPLATE_TEST_CASE("abs: magnitude, +0 for -0, NaN stays NaN", "[modules][abs]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    ops_test::check<T>(tzero::abs(), {T(3), T(-2.5), T(0), T(-0.0), nan, inf, -inf, T(-1e-30)},
                       {T(3), T(2.5), T(0), T(0), nan, inf, inf, T(1e-30)});
    CHECK(describe(tzero::abs()) == "abs()");
}
