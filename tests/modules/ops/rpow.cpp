#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

TEMPLATE_TEST_CASE("rpow: other ^ u, other a number or a chain", "[modules][rpow]", float, double) {
    using T = TestType;
    tzero_test::harness<T, decltype(rpow(2.0))> n{rpow(2.0), std::vector<T>(4, T(0))};
    auto const u = n.step({T(3), T(-1), T(0), T(0.5)});
    CHECK(u[0] == Approx(8));
    CHECK(u[1] == Approx(0.5));
    CHECK(u[2] == T(1));
    CHECK(u[3] == Approx(std::sqrt(2.0)));
    // a chain base: (|u| + 1)^u
    tzero_test::harness<T, decltype(rpow(tzero::abs() | add(1.0)))> c(rpow(tzero::abs() | add(1.0)),
                                                                      std::vector<T>(2, T(0)));
    auto const v = c.step({T(2), T(-1)});
    CHECK(v[0] == Approx(9));
    CHECK(v[1] == Approx(0.5));
    CHECK_THROWS_WITH(rpow(NAN).validate(), Catch::Contains("tzero: rpow: other must be a finite number"));
}
