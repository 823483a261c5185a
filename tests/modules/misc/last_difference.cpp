#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "modules/misc/sequence_support.hpp"
#include "support.hpp"

using namespace tzero;

static_assert(plan_of<decltype(last_difference() | lr(1))>::state_slots == 1);
static_assert(plan_of<decltype(adam() | last_difference() | lr(1))>::passes == 1);

TEMPLATE_TEST_CASE("last_difference: the update minus the last one, starting from 0", "[modules][last_difference]",
                   float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    tzero_test::harness<T, last_difference> h(last_difference(), {T(0), T(0)});
    CHECK(h.step({T(1), T(0)}) == std::vector<T>{T(1), T(0)});
    CHECK(h.step({T(3), T(-2)}) == std::vector<T>{T(2), T(-2)});
    CHECK(h.step({T(-2), T(-2)}) == std::vector<T>{T(-5), T(0)});
    CHECK(h.optimizer().state(0, 0)[0] == T(-2));
    // inf − inf is NaN; a NaN is stored and spoils the next difference too
    CHECK(sequence_test::same(sequence_test::run(last_difference(), {inf, inf, T(1), nan, T(5), T(4)}),
                              {inf, nan, -inf, nan, nan, T(-1)}));
}
