#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "modules/ops/ops_support.hpp"

using namespace tzero;
using Catch::Contains;

TEMPLATE_TEST_CASE("pow: torch's special exponents, to the bit", "[modules][pow]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    ops_test::check<T>(tzero::pow(2), {T(3), T(-3), T(0.5), T(-0.0), nan, -inf}, {T(9), T(9), T(0.25), T(0), nan, inf});
    ops_test::check<T>(tzero::pow(3), {T(-2), T(0.5), -inf}, {T(-8), T(0.125), -inf});
    ops_test::check<T>(tzero::pow(0), {nan, T(0), inf, T(-7)}, {T(1), T(1), T(1), T(1)});
    ops_test::check<T>(tzero::pow(1), {T(-7), T(-0.0), nan}, {T(-7), T(-0.0), nan});
    // ½ is sqrt: sqrt(−0) = −0 and sqrt(−inf) = NaN, where std::pow would give +0 and +inf
    ops_test::check<T>(tzero::pow(0.5), {T(4), T(-0.0), T(-1), -inf, inf}, {T(2), T(-0.0), nan, nan, inf});
    ops_test::check<T>(tzero::pow(-0.5), {T(4), T(0), T(-1)}, {T(0.5), inf, nan});
    ops_test::check<T>(tzero::pow(-1), {T(4), T(-0.0), inf}, {T(0.25), -inf, T(0)});
    ops_test::check<T>(tzero::pow(-2), {T(2), T(-0.0), T(-0.5)}, {T(0.25), inf, T(4)});
}

TEMPLATE_TEST_CASE("pow: other exponents go through pow", "[modules][pow]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    double const rel = sizeof(T) == 4 ? 3e-7 : 5e-16;  // xsimd's pow and the C library's
    auto const got = ops_test::apply<T>(tzero::pow(1.5), {T(4), T(-4), T(0), T(2)}, rel);
    CHECK(ops_test::near(got[0], T(8), rel));
    CHECK(std::isnan(got[1]));
    CHECK(got[2] == T(0));
    CHECK(ops_test::near(got[3], std::pow(T(2), T(1.5)), rel));
    auto const cube = ops_test::apply<T>(tzero::pow(-3), {T(2), T(-2), nan}, rel);
    CHECK(ops_test::near(cube[0], T(0.125), rel));
    CHECK(ops_test::near(cube[1], T(-0.125), rel));
    CHECK(std::isnan(cube[2]));
}

TEST_CASE("pow: the exponent is required and finite", "[modules][pow][errors]") {
    CHECK_THROWS_WITH(as_chain(tzero::pow{}).validate(),
                      Contains("tzero: pow: exponent must be a finite number (write pow(2))") && Contains("got nan"));
    CHECK_THROWS_WITH(tzero::pow(-std::numeric_limits<double>::infinity()).validate(), Contains("got -inf"));
}
