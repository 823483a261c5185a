#include <catch2/catch.hpp>

#include <limits>

#include <tzero/tzero.hpp>

#include "modules/ops/ops_support.hpp"

using namespace tzero;

static_assert(uses_grad_v<grad_sign> && !uses_param_v<grad_sign>);
static_assert(plan_of<decltype(grad_sign() | lr(1))>::state_slots == 0);
static_assert(plan_of<decltype(grad_sign() | lr(1))>::passes == 1);

TEMPLATE_TEST_CASE("grad_sign: the update's magnitude with the gradient's sign", "[modules][grad_sign]", float,
                   double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    // first in a chain the update is the gradient, so it is unchanged
    ops_test::check<T>(grad_sign(), {T(3), T(-2), T(0), -inf}, {T(3), T(-2), T(0), -inf});
    // after mul(−2): |−2g|·sign(g) = 2g
    tzero_test::harness<T, decltype(mul(-2) | grad_sign())> h(mul(-2) | grad_sign(), std::vector<T>(4, T(0)));
    CHECK(h.step({T(4), T(-0.5), T(1), inf}) == std::vector<T>{T(8), T(-1), T(2), inf});
    // after add(−1): |g − 1|·sign(g); a zero gradient counts as positive
    tzero_test::harness<T, decltype(add(-1.0) | grad_sign())> z(add(-1.0) | grad_sign(), std::vector<T>(3, T(0)));
    auto u = z.step({T(0), T(-3), nan});
    CHECK(u[0] == T(1));   // |0 − 1|, sign of +0
    CHECK(u[1] == T(-4));  // |−3 − 1|, sign of −3
    CHECK(std::isnan(u[2]));
}

TEST_CASE("grad_sign: nothing to validate", "[modules][grad_sign]") {
    CHECK_NOTHROW(validate(grad_sign()));
    CHECK_NOTHROW(as_chain(adam() | grad_sign() | lr(0.1)).validate());
}
