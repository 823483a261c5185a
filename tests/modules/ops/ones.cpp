#include <catch2/catch.hpp>

#include <limits>

#include <tzero/tzero.hpp>

#include "modules/ops/ops_support.hpp"

using namespace tzero;

TEMPLATE_TEST_CASE("ones: the update becomes 1, NaN and inf included", "[modules][ones]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    ops_test::check<T>(ones(), {T(3), T(-0.0), nan, -inf}, {T(1), T(1), T(1), T(1)});
}

TEST_CASE("ones: with lr, a constant step", "[modules][ones]") {
    tzero_test::harness<double, decltype(ones() | lr(0.25))> h(ones() | lr(0.25), {2.0, -4.0});
    h.step({-3.0, 7.0});
    CHECK(h.params() == std::vector<double>{1.75, -4.25});
}
