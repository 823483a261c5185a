#include <catch2/catch.hpp>

#include <cmath>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

static_assert(uses_param_v<weight_decay<>> && !uses_param_v<adam>);
static_assert(plan_of<decltype(weight_decay(1e-2) | adam() | lr(0.1))>::bytes_per_element<float> == 28);

TEMPLATE_TEST_CASE("weight_decay: ord 1, 2 and 3 add the penalty's gradient", "[modules][weight_decay]", float,
                   double) {
    using T = TestType;
    std::vector<T> const p0 = {T(2), T(-3), T(0), T(0.5)}, zero(4, T(0));
    tzero_test::harness<T, weight_decay<>> l2(weight_decay(0.5), p0);
    CHECK(l2.step(zero) == std::vector<T>{T(1), T(-1.5), T(0), T(0.25)});
    tzero_test::harness<T, weight_decay<>> l1(weight_decay{.weight_decay = 0.5, .ord = 1}, p0);
    CHECK(l1.step(zero) == std::vector<T>{T(0.5), T(-0.5), T(0), T(0.5)});
    // ord 3: copysign(|p|², p)·wd, the sign torchzero's precedence bug drops
    tzero_test::harness<T, weight_decay<>> l3(weight_decay{.weight_decay = 0.5, .ord = 3}, p0);
    auto u = l3.step(zero);
    CHECK(u[0] == Approx(2.0));
    CHECK(u[1] == Approx(-4.5));
    CHECK(u[2] == T(0));
}

TEST_CASE("weight_decay: position decides the coupling, as in torchzero", "[modules][weight_decay]") {
    // after lr: fully decoupled, not scaled by lr
    tzero_test::harness<double, decltype(lr(0.1) | weight_decay(0.5))> after(lr(0.1) | weight_decay(0.5), {2.0});
    CHECK(after.step({1.0})[0] == Approx(0.1 + 1.0));
    // before lr: scaled by lr
    tzero_test::harness<double, decltype(weight_decay(0.5) | lr(0.1))> before(weight_decay(0.5) | lr(0.1), {2.0});
    CHECK(before.step({1.0})[0] == Approx(0.1 * (1.0 + 1.0)));
}
