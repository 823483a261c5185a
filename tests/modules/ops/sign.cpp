#include <catch2/catch.hpp>

#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

static_assert(plan_of<decltype(sign() | lr(1))>::bytes_per_element<float> == 12);

TEMPLATE_TEST_CASE("sign: -1, 0, 1, and 0 for NaN like torch.sign", "[modules][sign]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    tzero_test::harness<T, decltype(sign() | lr(0.25))> h(sign() | lr(0.25), std::vector<T>(7, T(0)));
    auto u = h.step({T(3), T(-1e-30), T(0), T(-0.0), nan, inf, -inf});
    CHECK(u == std::vector<T>{T(0.25), T(-0.25), T(0), T(0), T(0), T(0.25), T(-0.25)});
}
