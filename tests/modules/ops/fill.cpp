#include <catch2/catch.hpp>

#include <limits>

#include <tzero/tzero.hpp>

#include "modules/ops/ops_support.hpp"

using namespace tzero;
using Catch::Contains;

TEMPLATE_TEST_CASE("fill: every element becomes value, whatever it was", "[modules][fill]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    ops_test::check<T>(fill(0.25), {T(3), T(0), nan, -inf}, {T(0.25), T(0.25), T(0.25), T(0.25)});
    ops_test::check<T>(fill(-0.0), {T(3)}, {T(-0.0)});
    ops_test::check<T>(fill(0.1), {inf}, {T(0.1)});
}

TEST_CASE("fill: value is required and finite", "[modules][fill][errors]") {
    CHECK_THROWS_WITH(as_chain(fill{}).validate(),
                      Contains("tzero: fill: value must be a finite number (write fill(1))") && Contains("got nan"));
    CHECK_THROWS_WITH(fill(std::numeric_limits<double>::infinity()).validate(), Contains("got inf"));
}
