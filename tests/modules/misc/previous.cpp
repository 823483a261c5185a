#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <type_traits>

#include <tzero/tzero.hpp>

#include "modules/misc/sequence_support.hpp"
#include "support.hpp"

using namespace tzero;

static_assert(std::is_same_v<decltype(previous()), previous<1>>);
static_assert(plan_of<decltype(previous() | lr(1))>::state_slots == 1);
static_assert(plan_of<decltype(previous<3>{} | lr(1))>::state_slots == 3);
static_assert(plan_of<decltype(previous<0>{} | lr(1))>::state_slots == 0);
static_assert(plan_of<decltype(adam() | previous<2>{} | lr(1))>::passes == 1);

TEMPLATE_TEST_CASE("previous: the update from n steps back, the first one until then", "[modules][previous]", float,
                   double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    tzero_test::harness<T, previous<1>> one(previous{}, {T(0)});
    CHECK(one.step({T(1)})[0] == T(1));
    CHECK(one.step({T(2)})[0] == T(1));
    CHECK(one.step({T(3)})[0] == T(2));
    CHECK(one.optimizer().state(0, 0)[0] == T(3));
    // a NaN comes back one step later, and only then
    CHECK(sequence_test::same(sequence_test::run(previous<1>{}, {nan, T(2), T(-1), T(5)}), {nan, nan, T(2), T(-1)}));

    tzero_test::harness<T, previous<3>> three(previous<3>{}, {T(0)});
    std::vector<T> got;
    for (int t = 1; t <= 6; ++t) got.push_back(three.step({T(t)})[0]);
    CHECK(got == std::vector<T>{T(1), T(1), T(1), T(1), T(2), T(3)});  // torchzero: deque(maxlen=4)[0]
}

TEMPLATE_TEST_CASE("previous: n = 0 is the update itself", "[modules][previous]", float, double) {
    using T = TestType;
    tzero_test::harness<T, previous<0>> h(previous<0>{}, {T(0)});
    CHECK(h.step({T(4)})[0] == T(4));
    CHECK(h.step({T(-2)})[0] == T(-2));
}
