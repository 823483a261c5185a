#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(plan_of<decltype(accumulate_product() | lr(1))>::state_slots == 1);
static_assert(plan_of<decltype(accumulate_product() | lr(1))>::passes == 1);

// torchzero starts the product at 0, so its output is always 0 (docs/modules.md, divergences):
// these tests check the running product p₀ = 1, p ← p·u, against the formula.
TEMPLATE_TEST_CASE("accumulate_product: the running product, starting at 1", "[modules][accumulate_product]", float,
                   double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    tzero_test::harness<T, accumulate_product> h(accumulate_product(), std::vector<T>(4, T(0)));
    CHECK(h.step({T(2), T(-3), T(0.5), T(1)}) == std::vector<T>{T(2), T(-3), T(0.5), T(1)});  // p₁ = u₁
    CHECK(h.step({T(3), T(-2), T(0), nan})[0] == T(6));
    auto u = h.step({T(-0.5), T(0.25), T(5), T(1)});
    CHECK(u[0] == T(-3));     // 2·3·(−0.5)
    CHECK(u[1] == T(1.5));    // (−3)·(−2)·0.25
    CHECK(u[2] == T(0));      // a zero update zeroes the product for good
    CHECK(std::isnan(u[3]));  // NaN sticks
    CHECK(h.optimizer().state(0, 0)[0] == T(-3));
    CHECK(h.step({inf, T(2), T(1), T(1)})[0] == -inf);
}

TEMPLATE_TEST_CASE("accumulate_product: decay scales the output only", "[modules][accumulate_product]", float, double) {
    using T = TestType;
    tzero_test::harness<T, accumulate_product> h(accumulate_product{.decay = 0.5}, {T(0)});
    CHECK(h.step({T(4)})[0] == T(2));  // p = 4, out = 4·0.5
    CHECK(h.step({T(3)})[0] == T(6));  // p = 12 (not 2·3), out = 12·0.5
    CHECK(h.optimizer().state(0, 0)[0] == T(12));
}

TEST_CASE("accumulate_product: decay is a finite number", "[modules][accumulate_product][errors]") {
    CHECK_THROWS_WITH(as_chain(accumulate_product{.decay = std::numeric_limits<double>::quiet_NaN()}).validate(),
                      Contains("tzero: accumulate_product: decay must be a finite number"));
}
