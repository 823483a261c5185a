#include <catch2/catch.hpp>

#include <limits>

#include <tzero/tzero.hpp>

#include "modules/ops/ops_support.hpp"

using namespace tzero;
using Catch::Contains;

TEMPLATE_TEST_CASE("reciprocal: 1/u, and 1/±0 = ±inf as in torch", "[modules][reciprocal]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    ops_test::check<T>(reciprocal(), {T(2), T(-4), T(0.5), T(0), T(-0.0), inf, -inf, nan},
                       {T(0.5), T(-0.25), T(2), inf, -inf, T(0), T(-0.0), nan});
}

TEMPLATE_TEST_CASE("reciprocal: eps shifts the update first", "[modules][reciprocal]", float, double) {
    using T = TestType;
    // −1 + 1 = +0, so +inf; −0 + 1 = 1
    ops_test::check<T>(reciprocal{.eps = 1}, {T(1), T(3), T(-1), T(-0.0), T(-3)},
                       {T(0.5), T(0.25), std::numeric_limits<T>::infinity(), T(1), T(-0.5)});
    ops_test::check<T>(reciprocal(-0.5), {T(1), T(0.25)}, {T(2), T(-4)});
}

TEST_CASE("reciprocal: eps must be finite", "[modules][reciprocal][errors]") {
    CHECK_THROWS_WITH(as_chain(reciprocal(std::numeric_limits<double>::infinity())).validate(),
                      Contains("tzero: reciprocal: eps must be a finite number") && Contains("got inf"));
    CHECK_THROWS_WITH(reciprocal(std::numeric_limits<double>::quiet_NaN()).validate(), Contains("got nan"));
}
