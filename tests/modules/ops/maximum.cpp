#include <catch2/catch.hpp>

#include <limits>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

TEMPLATE_TEST_CASE("maximum: elementwise max of the update and other(u), NaN wins", "[modules][maximum]", float,
                   double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    tzero_test::harness<T, decltype(maximum(negate()))> h{maximum(negate()), std::vector<T>(4, T(0))};
    auto const u = h.step({T(2), T(-3), T(0), nan});
    CHECK(u[0] == T(2));
    CHECK(u[1] == T(3));
    CHECK(u[2] == T(0));
    CHECK(std::isnan(u[3]));
    tzero_test::harness<T, decltype(maximum(fill(1)))> f{maximum(fill(1)), std::vector<T>(2, T(0))};
    CHECK(f.step({T(-1), T(5)}) == std::vector<T>{T(1), T(5)});
}
