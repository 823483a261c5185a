#include <catch2/catch.hpp>

#include <limits>

#include <tzero/tzero.hpp>

#include "modules/ops/ops_support.hpp"

using namespace tzero;
using Catch::Contains;

TEMPLATE_TEST_CASE("clip: clamps between min and max, keeps NaN", "[modules][clip]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    ops_test::check<T>(clip(-1, 0.5), {T(2), T(-3), T(0.25), T(-1), nan, -inf, inf},
                       {T(0.5), T(-1), T(0.25), T(-1), nan, T(-1), T(0.5)});
    // one bound
    ops_test::check<T>(clip{.min = 0}, {T(-1), T(5), -inf, inf}, {T(0), T(5), T(0), inf});
    ops_test::check<T>(clip{.max = -2}, {T(-1), T(-5)}, {T(-2), T(-5)});
    // no bound, and an empty interval
    ops_test::check<T>(clip(), {T(-1), inf, nan}, {T(-1), inf, nan});
    ops_test::check<T>(clip(0.5, 0.5), {T(-1), T(7)}, {T(0.5), T(0.5)});
}

TEST_CASE("clip: bounds are numbers with min <= max", "[modules][clip][errors]") {
    double const nan = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH(as_chain(clip(1, -1)).validate(),
                      Contains("tzero: clip: max must be >= min") && Contains("got -1"));
    CHECK_THROWS_WITH(clip{.min = nan}.validate(), Contains("tzero: clip: min must be a number"));
    CHECK_THROWS_WITH(clip{.max = nan}.validate(), Contains("tzero: clip: max must be a number"));
}
