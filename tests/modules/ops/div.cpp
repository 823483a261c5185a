#include <catch2/catch.hpp>

#include <limits>

#include <tzero/tzero.hpp>

#include "modules/ops/ops_support.hpp"

using namespace tzero;
using Catch::Contains;

TEMPLATE_TEST_CASE("div: a true division by a constant", "[modules][div]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    ops_test::check<T>(tzero::div(4), {T(1), T(-2), T(0), inf, nan}, {T(0.25), T(-0.5), T(0), inf, nan});
    ops_test::check<T>(tzero::div(-0.5), {T(1), T(0)}, {T(-2), T(-0.0)});
    ops_test::check<T>(tzero::div(0.3), {T(3), T(0.7)}, {T(3) / T(0.3), T(0.7) / T(0.3)});
}

TEST_CASE("div: other is required, finite and nonzero", "[modules][div][errors]") {
    CHECK_THROWS_WITH(
        as_chain(tzero::div{}).validate(),
        Contains("tzero: div: other must be a finite nonzero number (write div(2))") && Contains("got nan"));
    CHECK_THROWS_WITH(tzero::div(0).validate(), Contains("got 0"));
    CHECK_THROWS_WITH(tzero::div(-0.0).validate(), Contains("got -0"));
    CHECK_THROWS_WITH(tzero::div(std::numeric_limits<double>::infinity()).validate(), Contains("got inf"));
}
