#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "modules/ops/ops_support.hpp"

using namespace tzero;

TEMPLATE_TEST_CASE("exp: e^u, within an ulp or two on every path", "[modules][exp]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    double const rel = sizeof(T) == 4 ? 3e-7 : 5e-16;
    std::vector<T> const u = {T(0), T(-0.0), T(1), T(-1), T(2.5), T(-20), T(80), T(-80), T(1e-7)};
    auto const got = ops_test::apply(tzero::exp(), u, rel);
    for (std::size_t i = 0; i < u.size(); ++i) CHECK(ops_test::near(got[i], std::exp(u[i]), rel));
    CHECK(got[0] == T(1));
    CHECK(got[1] == T(1));
    // infinities, NaN and overflow: exact on every path
    ops_test::check<T>(tzero::exp(), {inf, -inf, nan, T(1000), T(-1000)}, {inf, T(0), nan, inf, T(0)});
}
