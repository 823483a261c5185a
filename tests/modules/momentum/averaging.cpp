#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "modules/misc/sequence_support.hpp"
#include "support.hpp"

using namespace tzero;

static_assert(plan_of<decltype(averaging<4>{} | lr(1))>::state_slots == 3);
static_assert(plan_of<decltype(averaging<1>{} | lr(1))>::state_slots == 0);
static_assert(plan_of<decltype(adam() | averaging<3>{} | lr(1))>::passes == 1);

TEMPLATE_TEST_CASE("averaging: the mean of the last H updates, of all of them until then", "[modules][averaging]",
                   float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    tzero_test::harness<T, averaging<3>> h(averaging<3>{}, {T(0)});
    CHECK(h.step({T(3)})[0] == T(3));
    CHECK(h.step({T(6)})[0] == T(4.5));
    CHECK(h.step({T(9)})[0] == T(6));
    CHECK(h.step({T(12)})[0] == T(9));
    CHECK(h.optimizer().state(0, 0)[0] == T(9));
    CHECK(h.optimizer().state(1, 0)[0] == T(12));
    // the NaN leaves the window after 3 steps: no running sum keeps it
    CHECK(sequence_test::same(sequence_test::run(averaging<3>{}, {nan, T(1), T(1), T(1), T(4)}),
                              {nan, nan, nan, T(1), T(2)}));

    tzero_test::harness<T, averaging<1>> one(averaging<1>{}, {T(0)});
    CHECK(one.step({T(5)})[0] == T(5));
    CHECK(one.step({T(-1)})[0] == T(-1));
}
