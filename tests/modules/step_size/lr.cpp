#include <catch2/catch.hpp>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

static_assert(plan_of<lr<>>::passes == 1 && plan_of<lr<>>::state_slots == 0);
static_assert(plan_of<lr<>>::bytes_per_element<float> == 12);  // read p, g; write p

TEMPLATE_TEST_CASE("lr: scales the update, zero lr is a no-op step", "[modules][lr]", float, double) {
    using T = TestType;
    tzero_test::harness<T, lr<>> h(lr(0.5), {T(1), T(2), T(3)});
    auto u = h.step({T(2), T(-4), T(0)});
    CHECK(u == std::vector<T>{T(1), T(-2), T(0)});
    h.optimizer().chain().template get<lr>().lr = 0;
    CHECK(h.step({T(2), T(-4), T(0)}) == std::vector<T>{0, 0, 0});
    CHECK(h.params() == std::vector<T>{T(0), T(4), T(3)});
}
