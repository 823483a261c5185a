#include <catch2/catch.hpp>

#include <limits>

#include <tzero/tzero.hpp>

#include "modules/ops/ops_support.hpp"

using namespace tzero;

static_assert(uses_grad_v<update_sign> && !uses_param_v<update_sign>);
static_assert(plan_of<decltype(update_sign() | lr(1))>::state_slots == 0);
static_assert(plan_of<decltype(update_sign() | lr(1))>::passes == 1);

TEMPLATE_TEST_CASE("update_sign: the gradient's magnitude with the update's sign", "[modules][update_sign]", float,
                   double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    // first in a chain the update is the gradient, so it is unchanged
    ops_test::check<T>(update_sign(), {T(3), T(-2), T(0), -inf}, {T(3), T(-2), T(0), -inf});
    // after negate: |g|·sign(−g) = −g, whatever scale came before
    tzero_test::harness<T, decltype(mul(5) | negate() | update_sign())> h(mul(5) | negate() | update_sign(),
                                                                          std::vector<T>(4, T(0)));
    CHECK(h.step({T(4), T(-0.5), T(1), inf}) == std::vector<T>{T(-4), T(0.5), T(-1), -inf});
    // a zero update counts as positive: add(−1) turns 1 into +0
    tzero_test::harness<T, decltype(add(-1.0) | update_sign())> z(add(-1.0) | update_sign(), std::vector<T>(3, T(0)));
    auto u = z.step({T(1), T(-3), nan});
    CHECK(u[0] == T(1));   // |1|, sign of +0
    CHECK(u[1] == T(-3));  // |−3|, sign of −4
    CHECK(std::isnan(u[2]));
}

TEST_CASE("update_sign: nothing to validate", "[modules][update_sign]") {
    CHECK_NOTHROW(validate(update_sign()));
    CHECK_NOTHROW(as_chain(adam() | update_sign() | lr(0.1)).validate());
}
