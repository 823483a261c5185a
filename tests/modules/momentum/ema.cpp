#include <catch2/catch.hpp>

#include <cmath>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

static_assert(plan_of<ema>::state_slots == 1);

TEST_CASE("ema: lerp, debias, dampening and init against the formula", "[modules][ema]") {
    double const grads[] = {1.0, -2.0, 0.5, 0.0, 4.0};
    SECTION("defaults: lerp from zeros") {
        tzero_test::harness<double, ema> h(ema(), {0.0});
        double m = 0;
        for (double g : grads) {
            m = m + 0.1 * (g - m);
            CHECK(h.step({g})[0] == Approx(m).epsilon(1e-14).margin(1e-300));
        }
    }
    SECTION("debias") {
        tzero_test::harness<double, ema> h(ema{.momentum = 0.8, .debias = true}, {0.0});
        double m = 0;
        int t = 0;
        for (double g : grads) {
            m = 0.8 * m + 0.2 * g;
            CHECK(h.step({g})[0] == Approx(m / (1 - std::pow(0.8, ++t))).epsilon(1e-14).margin(1e-300));
        }
    }
    SECTION("no lerp, dampening, init from the first update") {
        auto const e = ema{.momentum = 0.8, .dampening = 0.1, .lerp = false, .init = ema_init::update};
        tzero_test::harness<double, ema> h(e, {0.0});
        double m = grads[0];
        for (double g : grads) {
            m = 0.8 * m + 0.9 * g;
            CHECK(h.step({g})[0] == Approx(m).epsilon(1e-14).margin(1e-300));
        }
    }
}
