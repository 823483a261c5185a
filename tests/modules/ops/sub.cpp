#include <catch2/catch.hpp>

#include <limits>

#include <tzero/tzero.hpp>

#include "modules/ops/ops_support.hpp"

using namespace tzero;
using Catch::Contains;

TEMPLATE_TEST_CASE("sub: subtracts other·alpha from every element", "[modules][sub]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    ops_test::check<T>(sub(0.5), {T(1), T(0.5), T(0), nan, inf, -inf}, {T(0.5), T(0), T(-0.5), nan, inf, -inf});
    ops_test::check<T>(sub{.other = 0.1, .alpha = 2}, {T(1), T(0)}, {T(1) - T(0.1 * 2), -T(0.1 * 2)});
    ops_test::check<T>(sub{.other = 1, .alpha = -1}, {T(1)}, {T(2)});
}

TEST_CASE("sub: other is required, other and alpha finite", "[modules][sub][errors]") {
    CHECK_THROWS_WITH(as_chain(sub{}).validate(),
                      Contains("tzero: sub: other must be a finite number (write sub(1e-8))") && Contains("got nan"));
    CHECK_THROWS_WITH((sub{.other = 1, .alpha = std::numeric_limits<double>::infinity()}.validate()),
                      Contains("tzero: sub: alpha must be a finite number") && Contains("got inf"));
}
