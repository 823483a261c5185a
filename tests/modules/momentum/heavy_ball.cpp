#include <catch2/catch.hpp>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

static_assert(plan_of<heavy_ball>::state_slots == 1);

TEMPLATE_TEST_CASE("heavy_ball: torchzero's first step is (1 + momentum)·u, then m ← βm + u", "[modules][heavy_ball]",
                   float, double) {
    using T = TestType;
    tzero_test::harness<T, heavy_ball> h(heavy_ball(), {T(0)});
    CHECK(h.step({T(2)})[0] == Approx(3.8));  // m0 = 2, then 0.9·2 + 2
    CHECK(h.step({T(1)})[0] == Approx(0.9 * 3.8 + 1));
    CHECK(h.step({T(0)})[0] == Approx(0.9 * (0.9 * 3.8 + 1)));
}

TEST_CASE("heavy_ball: with ema_init zeros it is torch.optim.SGD's momentum buffer", "[modules][heavy_ball]") {
    tzero_test::harness<double, heavy_ball> h(heavy_ball{.momentum = 0.5, .init = ema_init::zeros}, {0.0});
    CHECK(h.step({2.0})[0] == 2.0);
    CHECK(h.step({1.0})[0] == 2.0);
    CHECK(h.step({-4.0})[0] == -3.0);
}
