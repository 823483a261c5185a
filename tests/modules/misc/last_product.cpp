#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "modules/misc/sequence_support.hpp"
#include "support.hpp"

using namespace tzero;

static_assert(plan_of<decltype(last_product() | lr(1))>::state_slots == 1);
static_assert(plan_of<decltype(adam() | last_product() | lr(1))>::passes == 1);

TEMPLATE_TEST_CASE("last_product: the update times the last one, starting from 1", "[modules][last_product]", float,
                   double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    tzero_test::harness<T, last_product> h(last_product(), {T(0), T(0)});
    CHECK(h.step({T(2), T(0)}) == std::vector<T>{T(2), T(0)});
    CHECK(h.step({T(3), T(5)}) == std::vector<T>{T(6), T(0)});
    CHECK(h.step({T(-1), T(1)}) == std::vector<T>{T(-3), T(5)});
    CHECK(h.optimizer().state(0, 0)[0] == T(-1));
    CHECK(sequence_test::same(sequence_test::run(last_product(), {inf, T(0), T(4), nan, T(2)}),
                              {inf, nan, T(0), nan, nan}));  // 0·inf, then NaN twice
}
