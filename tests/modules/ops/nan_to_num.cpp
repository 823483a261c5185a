#include <catch2/catch.hpp>

#include <limits>

#include <tzero/tzero.hpp>

#include "modules/ops/ops_support.hpp"

using namespace tzero;
using Catch::Contains;

TEMPLATE_TEST_CASE("nan_to_num: torch's defaults, 0 and the type's finite extremes", "[modules][nan_to_num]", float,
                   double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    T const hi = std::numeric_limits<T>::max(), lo = std::numeric_limits<T>::lowest();
    ops_test::check<T>(nan_to_num(), {nan, inf, -inf, T(1), T(-0.0), hi, lo}, {T(0), hi, lo, T(1), T(-0.0), hi, lo});
}

TEMPLATE_TEST_CASE("nan_to_num: chosen replacements, saturated to the type", "[modules][nan_to_num]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    ops_test::check<T>(nan_to_num(1, 2, -3), {nan, inf, -inf, T(5)}, {T(1), T(2), T(-3), T(5)});
    // beyond float's range: float's largest finite value, never infinity
    ops_test::check<T>(nan_to_num{.nan = 1e300, .posinf = 1e300, .neginf = -1e300}, {nan, inf, -inf},
                       {T(sizeof(T) == 4 ? std::numeric_limits<float>::max() : 1e300),
                        T(sizeof(T) == 4 ? std::numeric_limits<float>::max() : 1e300),
                        T(sizeof(T) == 4 ? std::numeric_limits<float>::lowest() : -1e300)});
}

TEST_CASE("nan_to_num: replacements must be finite", "[modules][nan_to_num][errors]") {
    double const nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    CHECK_THROWS_WITH(as_chain(nan_to_num(nan)).validate(),
                      Contains("tzero: nan_to_num: nan must be a finite number") && Contains("got nan"));
    CHECK_THROWS_WITH(nan_to_num{.posinf = inf}.validate(), Contains("tzero: nan_to_num: posinf must be a finite"));
    CHECK_THROWS_WITH(nan_to_num{.neginf = -inf}.validate(), Contains("tzero: nan_to_num: neginf must be a finite"));
}
