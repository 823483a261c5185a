#include <catch2/catch.hpp>

#include <limits>

#include <tzero/tzero.hpp>

#include "modules/ops/ops_support.hpp"

using namespace tzero;
using Catch::Contains;

TEMPLATE_TEST_CASE("threshold: keeps elements beyond the threshold, sets the rest", "[modules][threshold]", float,
                   double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    // update_above (the default): keep u > threshold; the threshold itself is replaced
    ops_test::check<T>(threshold(0.5, 0), {T(1), T(0.5), T(-2), nan, inf, -inf}, {T(1), T(0), T(0), nan, inf, T(0)});
    ops_test::check<T>(threshold{.threshold = 0.5, .value = 9, .update_above = false},
                       {T(1), T(0.5), T(0.25), nan, -inf, inf}, {T(9), T(9), T(0.25), nan, -inf, T(9)});
    // an infinite threshold is allowed
    ops_test::check<T>(threshold(-std::numeric_limits<double>::infinity(), -1), {-inf, T(-1e30)}, {T(-1), T(-1e30)});
}

TEST_CASE("threshold: threshold and value are required", "[modules][threshold][errors]") {
    CHECK_THROWS_WITH(as_chain(threshold{}).validate(),
                      Contains("tzero: threshold: threshold must be a number (write threshold(1e-3, 0))"));
    CHECK_THROWS_WITH(threshold{.threshold = 0}.validate(),
                      Contains("tzero: threshold: value must be a finite number"));
    CHECK_THROWS_WITH(threshold(0, std::numeric_limits<double>::infinity()).validate(), Contains("got inf"));
}
