#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(plan_of<warmup>::passes == 1 && plan_of<warmup>::state_slots == 0);
static_assert(plan_of<decltype(adam() | lr(0.1) | warmup())>::bytes_per_element<float> == 28);

TEMPLATE_TEST_CASE("warmup: the factor rises linearly over steps, then stays at end_lr", "[modules][warmup]", float,
                   double) {
    using T = TestType;
    // torchzero's counter k = t − 1: k = 0 → start_lr, k = steps → end_lr
    tzero_test::harness<T, warmup> h(warmup{.steps = 4, .start_lr = 0.2, .end_lr = 1}, {T(0), T(0)});
    double const expected[] = {0.2, 0.4, 0.6, 0.8, 1, 1, 1};
    for (double f : expected) {
        auto const u = h.step({T(1), T(-2)});
        INFO("factor " << f);
        CHECK(u[0] == Approx(f));
        CHECK(u[1] == Approx(-2 * f));
    }
    // defaults: 100 steps from 1e-5 to 1
    warmup const d;
    CHECK(d.steps == 100);
    CHECK(d.per_step(1).factor == 1e-5);
    CHECK(d.per_step(51).factor == 1e-5 + (1 - 1e-5) * 0.5);
    CHECK(d.per_step(101).factor == 1);
    CHECK(d.per_step(102).factor == 1);
    CHECK(d.per_step(1'000'000).factor == 1);
    // a falling "warm-up" is allowed, as in torchzero
    CHECK(warmup{.steps = 2, .start_lr = 1, .end_lr = 0}.per_step(2).factor == 0.5);
    // zero and non-finite updates pass through the product
    tzero_test::harness<T, warmup> z(warmup(), {T(0)});
    CHECK(z.step({T(0)}) == std::vector<T>{T(0)});
    CHECK(describe(warmup()) == "warmup(steps=100, start_lr=1e-05, end_lr=1)");
}

TEST_CASE("warmup: steps >= 1, factors finite and >= 0", "[modules][warmup][errors]") {
    CHECK_THROWS_WITH(warmup{.steps = 0}.validate(),
                      Contains("tzero: warmup: steps must be >= 1") && Contains("got 0"));
    CHECK_THROWS_WITH(warmup{.start_lr = -1}.validate(),
                      Contains("tzero: warmup: start_lr must be a finite number >= 0"));
    CHECK_THROWS_WITH(warmup{.end_lr = std::numeric_limits<double>::quiet_NaN()}.validate(),
                      Contains("tzero: warmup: end_lr must be a finite number >= 0") && Contains("got nan"));
}
