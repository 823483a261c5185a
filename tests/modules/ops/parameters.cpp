#include <catch2/catch.hpp>

#include <limits>

#include <tzero/tzero.hpp>

#include "modules/ops/ops_support.hpp"

using namespace tzero;

static_assert(uses_param_v<parameters> && !uses_grad_v<parameters>);

TEMPLATE_TEST_CASE("parameters: the update becomes the parameters before the step", "[modules][parameters]", float,
                   double) {
    using T = TestType;
    T const inf = std::numeric_limits<T>::infinity();
    // p ← p − lr·p: every step shrinks the parameters by (1 − lr), whatever the gradient
    using C = decltype(parameters() | lr(0.25));
    tzero_test::harness<T, C> h(parameters() | lr(0.25), {T(4), T(-8), T(0), T(1)});
    CHECK(h.step({T(1), T(2), inf, T(0)}) == std::vector<T>{T(1), T(-2), T(0), T(0.25)});
    CHECK(h.params() == std::vector<T>{T(3), T(-6), T(0), T(0.75)});
    h.step({T(0), T(0), T(0), T(0)});
    CHECK(h.params() == std::vector<T>{T(2.25), T(-4.5), T(0), T(0.5625)});
    // from zero parameters the update is 0 for any gradient
    ops_test::check<T>(parameters(), {T(3), std::numeric_limits<T>::quiet_NaN()}, {T(0), T(0)});
}
