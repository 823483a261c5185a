#include <catch2/catch.hpp>

#include <limits>

#include <tzero/tzero.hpp>

#include "modules/ops/ops_support.hpp"

using namespace tzero;

TEMPLATE_TEST_CASE("negate: flips every sign, zeros and infinities included", "[modules][negate]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    ops_test::check<T>(negate(), {T(3), T(-2.5), T(0), T(-0.0), nan, inf, -inf},
                       {T(-3), T(2.5), T(-0.0), T(0), nan, -inf, inf});
}

TEST_CASE("negate: first in a chain, it is gradient ascent", "[modules][negate]") {
    tzero_test::harness<double, decltype(negate() | lr(0.5))> h(negate() | lr(0.5), {1.0, 2.0});
    h.step({2.0, -4.0});
    CHECK(h.params() == std::vector<double>{2.0, 0.0});
}
