#include <catch2/catch.hpp>

#include <cmath>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

static_assert(plan_of<adagrad>::state_slots == 1);

TEST_CASE("adagrad: accumulator, initial value and lr decay against the formula", "[modules][adagrad]") {
    auto const a = adagrad{.lr_decay = 0.1, .initial_accumulator_value = 0.5, .eps = 1e-10, .alpha = 2};
    tzero_test::harness<double, adagrad> h(a, {0.0, 0.0});
    double s[2] = {0.5, 0.5};
    double const grads[3][2] = {{1.0, 0.0}, {-3.0, 0.0}, {0.5, 2.0}};
    for (int t = 1; t <= 3; ++t) {
        auto u = h.step({grads[t - 1][0], grads[t - 1][1]});
        for (int i = 0; i < 2; ++i) {
            double g = grads[t - 1][i];
            s[i] += g * g;
            CHECK(u[std::size_t(i)] == Approx(g / (std::sqrt(s[i]) + 1e-10) * 2 / (1 + (t - 1) * 0.1)).margin(1e-300));
        }
    }
    CHECK(h.optimizer().state(0, 0)[0] == Approx(0.5 + 1 + 9 + 0.25));
}

TEMPLATE_TEST_CASE("adagrad: a zero first gradient with zero accumulator gives 0, not NaN", "[modules][adagrad]",
                   float, double) {
    using T = TestType;
    tzero_test::harness<T, adagrad> h(adagrad(), {T(1)});
    CHECK(h.step({T(0)})[0] == T(0));
}
