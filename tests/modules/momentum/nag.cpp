#include <catch2/catch.hpp>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

static_assert(plan_of<nag>::state_slots == 1);

TEST_CASE("nag: torch's Nesterov direction g + μ·buf, and the lerp form", "[modules][nag]") {
    double const grads[] = {1.0, -2.0, 0.5, 0.0};
    SECTION("lerp off equals torch.optim.SGD(nesterov=True): buf ← μ·buf + g, d = g + μ·buf") {
        tzero_test::harness<double, nag> h(nag(), {0.0});
        double buf = 0;
        for (double g : grads) {
            buf = 0.9 * buf + g;
            CHECK(h.step({g})[0] == Approx(g + 0.9 * buf).epsilon(1e-14).margin(1e-300));
        }
    }
    SECTION("lerp on, dampening") {
        tzero_test::harness<double, nag> h(nag{.momentum = 0.8, .dampening = 0.1, .lerp = true}, {0.0});
        double v = 0;
        for (double g : grads) {
            v = v + 0.2 * (g - v);
            CHECK(h.step({g})[0] == Approx(g + 0.9 * v).epsilon(1e-14).margin(1e-300));
        }
    }
}
