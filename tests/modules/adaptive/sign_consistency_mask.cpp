#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

static_assert(plan_of<sign_consistency_mask>::state_slots == 1);

// torchzero returns the update unchanged (docs/modules.md); these are the documented math.
TEMPLATE_TEST_CASE("sign_consistency_mask: 1 where the sign held, hand-computed", "[modules][sign_consistency_mask]",
                   float, double) {
    using T = TestType;
    tzero_test::harness<T, sign_consistency_mask> h(sign_consistency_mask(), std::vector<T>(4));
    CHECK(h.step({T(1), T(-1), T(2), T(0)}) == std::vector<T>{T(0), T(0), T(0), T(0)});  // prev₀ = 0
    CHECK(h.step({T(1), T(1), T(-3), T(1)}) == std::vector<T>{T(1), T(0), T(0), T(0)});
    CHECK(h.step({T(2), T(1), T(-1), T(-1)}) == std::vector<T>{T(1), T(1), T(1), T(0)});
    // the state is the last update itself, not its sign
    CHECK(h.optimizer().state(0, 0)[0] == T(2));
}

TEMPLATE_TEST_CASE("sign_consistency_mask: zero and NaN elements give 0", "[modules][sign_consistency_mask]", float,
                   double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    tzero_test::harness<T, sign_consistency_mask> h(sign_consistency_mask(), std::vector<T>(3));
    h.step({T(1), T(1), T(1)});
    CHECK(h.step({T(0), nan, T(1)}) == std::vector<T>{T(0), T(0), T(1)});
    CHECK(h.step({T(1), T(1), T(1)}) == std::vector<T>{T(0), T(0), T(1)});  // prev 0 and NaN: no agreement
    CHECK(describe(sign_consistency_mask()) == "sign_consistency_mask()");
}

TEST_CASE("sign_consistency_mask: in a chain it masks what comes before", "[modules][sign_consistency_mask]") {
    // with lr(0) | weight_decay(1) before it, the mask compares successive parameters' signs
    auto const c = lr(0) | weight_decay(1) | sign_consistency_mask();
    tzero_test::harness<double, std::remove_cvref_t<decltype(c)>> h(c, {-1.0, 2.0});
    CHECK(h.step({5.0, 5.0}) == std::vector<double>{0.0, 0.0});
    CHECK(h.step({5.0, 5.0}) == std::vector<double>{1.0, 1.0});  // p and then p − 0 keep their signs
}

TEST_CASE("sign_consistency_mask: as a factor mul(sign_consistency_mask()) as torchzero means it",
          "[modules][sign_consistency_mask]") {
    // tz.m.Mul(tz.m.SignConsistencyMask()): the update times its own mask, the mask's slot inside mul
    auto const c = mul(sign_consistency_mask());
    using C = std::remove_cvref_t<decltype(c)>;
    static_assert(plan_of<C>::state_slots == 1 && plan_of<C>::passes == 1);
    tzero_test::harness<double, C> h(c, {0.0, 0.0, 0.0});
    CHECK(h.step({1.0, -2.0, 3.0}) == std::vector<double>{0.0, 0.0, 0.0});
    CHECK(h.step({0.5, 4.0, 3.0}) == std::vector<double>{0.5, 0.0, 3.0});
    CHECK(h.step({-1.0, 2.0, 1.0}) == std::vector<double>{0.0, 2.0, 1.0});
}
