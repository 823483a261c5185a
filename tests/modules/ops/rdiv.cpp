#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

TEMPLATE_TEST_CASE("rdiv: other / u, other a number or a chain, u = 0 gives infinity as torch", "[modules][rdiv]",
                   float, double) {
    using T = TestType;
    tzero_test::harness<T, decltype(rdiv(1.0))> n{rdiv(1.0), std::vector<T>(3, T(0))};
    auto const u = n.step({T(2), T(-0.5), T(0)});
    CHECK(u[0] == T(0.5));
    CHECK(u[1] == T(-2));
    CHECK(std::isinf(u[2]));
    tzero_test::harness<T, decltype(rdiv(add(1.0)))> c{rdiv(add(1.0)), std::vector<T>(2, T(0))};
    CHECK(c.step({T(2), T(-4)}) == std::vector<T>{T(1.5), T(0.75)});
    CHECK_THROWS_WITH(rdiv(INFINITY).validate(), Catch::Contains("tzero: rdiv: other must be a finite number"));
}
