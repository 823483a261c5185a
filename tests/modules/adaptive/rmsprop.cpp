#include <catch2/catch.hpp>

#include <cmath>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

static_assert(plan_of<rmsprop<>>::state_slots == 1 && plan_of<rmsprop<centered_t>>::state_slots == 2);
static_assert(plan_of<decltype(rmsprop(0.9, 1e-8, centered) | lr(1))>::bytes_per_element<float> == 28);

TEST_CASE("rmsprop: plain, debiased, centered and init-update against the formula", "[modules][rmsprop]") {
    double const grads[] = {1.0, -2.0, 0.5, 0.0};
    SECTION("defaults") {
        tzero_test::harness<double, rmsprop<>> h(rmsprop{}, {0.0});
        double v = 0;
        for (double g : grads) {
            v = 0.99 * v + 0.01 * g * g;
            CHECK(h.step({g})[0] == Approx(g / (std::sqrt(v) + 1e-8)).epsilon(1e-12));
        }
    }
    SECTION("centered and debiased") {
        auto const r = rmsprop<centered_t>{.smoothing = 0.9, .debias = true};
        tzero_test::harness<double, rmsprop<centered_t>> h(r, {0.0});
        double v = 0, m = 0;
        int t = 0;
        for (double g : grads) {
            ++t;
            v = 0.9 * v + 0.1 * g * g;
            m = 0.9 * m + 0.1 * g;
            double bias = 1 - std::pow(0.9, t);
            double centered_v = v / bias - (m / bias) * (m / bias);
            double u = h.step({g})[0];
            // step 1 has zero variance (v̂ = m̂²): only the cancellation's rounding is left
            if (t > 1) CHECK(u == Approx(g / (std::sqrt(centered_v) + 1e-8)).epsilon(1e-6));
        }
    }
    SECTION("init update: the averages start at the first update and its square") {
        auto const r = rmsprop<>{.smoothing = 0.9, .init = rmsprop_init::update};
        tzero_test::harness<double, rmsprop<>> h(r, {0.0});
        double v = grads[0] * grads[0];
        for (double g : grads) {
            v = 0.9 * v + 0.1 * g * g;
            CHECK(h.step({g})[0] == Approx(g / (std::sqrt(v) + 1e-8)).epsilon(1e-12).margin(1e-300));
        }
    }
}
