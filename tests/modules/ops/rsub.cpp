#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

TEMPLATE_TEST_CASE("rsub: other − u, other a number or a chain", "[modules][rsub]", float, double) {
    using T = TestType;
    tzero_test::harness<T, decltype(rsub(1.0))> n{rsub(1.0), std::vector<T>(3, T(0))};
    CHECK(n.step({T(2), T(-0.5), T(0)}) == std::vector<T>{T(-1), T(1.5), T(1)});
    tzero_test::harness<T, decltype(rsub(mul(3.0)))> c{rsub(mul(3.0)), std::vector<T>(2, T(0))};
    CHECK(c.step({T(2), T(-1)}) == std::vector<T>{T(4), T(-2)});
    STATIC_REQUIRE(std::is_same_v<decltype(rsub(2)), rsub<double>>);
    CHECK_THROWS_WITH(rsub(std::nan("")).validate(), Catch::Contains("tzero: rsub: other must be a finite number"));
    CHECK_THROWS_AS(rsub<double>{}.validate(), error);  // required, as in torchzero
}
