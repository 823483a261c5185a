#include <catch2/catch.hpp>

#include <limits>

#include <tzero/tzero.hpp>

#include "modules/ops/ops_support.hpp"

using namespace tzero;
using Catch::Contains;

// mul is detail::binary_operand's shell (modules/detail/binary_operand.hpp): an aggregate of one
// element, that base, over a number or a chain
static_assert(std::is_base_of_v<detail::binary_operand<mul<double>, double>, mul<double>>);
static_assert(std::is_aggregate_v<mul<double>> && sizeof(mul<double>) == sizeof(double));

TEMPLATE_TEST_CASE("mul: multiplies by a constant of either sign", "[modules][mul]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    ops_test::check<T>(mul(-2), {T(1.5), T(0), T(-0.0), nan, inf}, {T(-3), T(-0.0), T(0), nan, -inf});
    ops_test::check<T>(mul(0.1), {T(3)}, {T(3) * T(0.1)});
    ops_test::check<T>(mul(0), {T(3), inf, nan}, {T(0), nan, nan});  // as torch: inf·0 = NaN
}

TEST_CASE("mul: other is required and finite", "[modules][mul][errors]") {
    CHECK_THROWS_WITH(as_chain(mul{}).validate(),
                      Contains("tzero: mul: other must be a finite number (write mul(0.5))") && Contains("got nan"));
    CHECK_THROWS_WITH(mul(-std::numeric_limits<double>::infinity()).validate(), Contains("got -inf"));
}
