#include <catch2/catch.hpp>

#include <cmath>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

static_assert(uses_grad_v<last_grad_difference>);
static_assert(plan_of<decltype(adam() | last_grad_difference() | lr(1))>::state_slots == 3);
static_assert(plan_of<decltype(adam() | last_grad_difference() | lr(1))>::passes == 1);

TEMPLATE_TEST_CASE("last_grad_difference: the gradient minus the last one, the update is replaced",
                   "[modules][last_grad_difference]", float, double) {
    using T = TestType;
    auto const chain = negate() | mul(10) | last_grad_difference();
    tzero_test::harness<T, decltype(chain)> h(chain, {T(0), T(0)});
    CHECK(h.step({T(1), T(-2)}) == std::vector<T>{T(1), T(-2)});
    CHECK(h.step({T(4), T(-2)}) == std::vector<T>{T(3), T(0)});
    CHECK(h.step({T(0), T(1)}) == std::vector<T>{T(-4), T(3)});
    CHECK(h.optimizer().state(0, 0)[1] == T(1));
}
