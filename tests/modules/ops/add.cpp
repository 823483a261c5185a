#include <catch2/catch.hpp>

#include <limits>

#include <tzero/tzero.hpp>

#include "modules/ops/ops_support.hpp"

using namespace tzero;
using Catch::Contains;

TEMPLATE_TEST_CASE("add: adds other·alpha to every element", "[modules][add]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    ops_test::check<T>(add(0.5), {T(1), T(-0.5), T(0), nan, inf, -inf}, {T(1.5), T(0), T(0.5), nan, inf, -inf});
    // other·alpha is one double, cast once, as torchzero's `other * alpha` Python float
    ops_test::check<T>(add{.other = 0.1, .alpha = -3}, {T(1), T(0)}, {T(1) + T(0.1 * -3), T(0.1 * -3)});
    ops_test::check<T>(add(0.1), {T(1)}, {T(1) + T(0.1)});
}

TEST_CASE("add: other is required, other and alpha finite", "[modules][add][errors]") {
    CHECK_THROWS_WITH(as_chain(add{}).validate(),
                      Contains("tzero: add: other must be a finite number (write add(1e-8))") && Contains("got nan"));
    CHECK_THROWS_WITH(add(std::numeric_limits<double>::infinity()).validate(), Contains("got inf"));
    CHECK_THROWS_WITH((add{.other = 1, .alpha = std::numeric_limits<double>::quiet_NaN()}.validate()),
                      Contains("tzero: add: alpha must be a finite number"));
}
