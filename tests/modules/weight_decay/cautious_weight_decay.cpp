#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(uses_param_v<cautious_weight_decay>);
static_assert(plan_of<decltype(adam() | cautious_weight_decay(1e-2) | lr(0.1))>::passes == 1);
static_assert(plan_of<decltype(adam() | cautious_weight_decay(1e-2) | lr(0.1))>::bytes_per_element<float> == 28);

TEMPLATE_TEST_CASE("cautious_weight_decay: decays only where the update has the parameter's sign",
                   "[modules][cautious_weight_decay]", float, double) {
    using T = TestType;
    std::vector<T> const p0 = {T(2), T(-4), T(2), T(0), T(-2), T(2)};
    std::vector<T> const g = {T(1), T(1), T(-1), T(1), T(-0.5), T(0)};
    tzero_test::harness<T, cautious_weight_decay> l2(cautious_weight_decay(0.5), p0);
    CHECK(l2.step(g) == std::vector<T>{T(2), T(1), T(-1), T(1), T(-1.5), T(0)});
    tzero_test::harness<T, cautious_weight_decay> l1(cautious_weight_decay{.weight_decay = 0.5, .ord = 1}, p0);
    CHECK(l1.step(g) == std::vector<T>{T(1.5), T(1), T(-1), T(1), T(-1), T(0)});
    tzero_test::harness<T, cautious_weight_decay> l3(cautious_weight_decay{.weight_decay = 0.5, .ord = 3}, p0);
    auto const u = l3.step(g);
    CHECK(u[0] == Approx(3.0));
    CHECK(u[4] == Approx(-2.5));  // copysign(|p|², p): the sign torchzero's `ord - 1 % 2` drops
    CHECK(u[1] == T(1));
}

TEMPLATE_TEST_CASE("cautious_weight_decay: the mask multiplies the term, as torch's mul_(mask)",
                   "[modules][cautious_weight_decay]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    tzero_test::harness<T, cautious_weight_decay> h(cautious_weight_decay(0.5), {T(0), T(0)});
    auto const u = h.step({nan, T(-1)});
    CHECK(std::isnan(u[0]));
    CHECK(u[1] == T(-1));
}

TEST_CASE("cautious_weight_decay: weight_decay is required and finite, ord >= 1",
          "[modules][cautious_weight_decay][errors]") {
    CHECK_THROWS_WITH(
        cautious_weight_decay{}.validate(),
        Contains("tzero: cautious_weight_decay: weight_decay must be a finite number") && Contains("got nan"));
    CHECK_THROWS_WITH((cautious_weight_decay{.weight_decay = 0.1, .ord = 0}.validate()),
                      Contains("tzero: cautious_weight_decay: ord must be >= 1"));
}
