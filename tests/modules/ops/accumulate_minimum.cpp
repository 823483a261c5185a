#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(plan_of<decltype(accumulate_minimum() | lr(1))>::state_slots == 1);
static_assert(plan_of<decltype(accumulate_minimum() | lr(1))>::passes == 1);

TEMPLATE_TEST_CASE("accumulate_minimum: the running minimum, starting at 0", "[modules][accumulate_minimum]", float,
                   double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    tzero_test::harness<T, accumulate_minimum> h(accumulate_minimum(), std::vector<T>(4, T(0)));
    // m₀ = 0, so the accumulator never goes above 0 (as in torchzero)
    CHECK(h.step({T(2), T(-3), T(0), T(-1)}) == std::vector<T>{T(0), T(-3), T(0), T(-1)});
    auto u = h.step({T(-1), T(-2), T(4), nan});
    CHECK(u[0] == T(-1));
    CHECK(u[1] == T(-3));
    CHECK(u[2] == T(0));      // m₀ = 0 wins
    CHECK(std::isnan(u[3]));  // NaN sticks, as torch.minimum
    u = h.step({T(-5), T(0), T(0), T(-5)});
    CHECK(u[0] == T(-5));
    CHECK(u[1] == T(-3));
    CHECK(u[2] == T(0));
    CHECK(std::isnan(u[3]));
    CHECK(h.optimizer().state(0, 0)[0] == T(-5));
}

TEMPLATE_TEST_CASE("accumulate_minimum: decay scales the output only", "[modules][accumulate_minimum]", float, double) {
    using T = TestType;
    tzero_test::harness<T, accumulate_minimum> h(accumulate_minimum{.decay = 0.5}, {T(0)});
    CHECK(h.step({T(-4)})[0] == T(-2));
    CHECK(h.step({T(-2)})[0] == T(-2));  // the stored minimum is undecayed
    CHECK(h.optimizer().state(0, 0)[0] == T(-4));
}

TEST_CASE("accumulate_minimum: decay is a finite number", "[modules][accumulate_minimum][errors]") {
    CHECK_THROWS_WITH(as_chain(accumulate_minimum{.decay = std::numeric_limits<double>::infinity()}).validate(),
                      Contains("tzero: accumulate_minimum: decay must be a finite number") && Contains("got inf"));
}
