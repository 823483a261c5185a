#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(uses_param_v<direct_weight_decay>);
static_assert(plan_of<decltype(adam() | lr(0.1) | direct_weight_decay(1e-2))>::passes == 1);
static_assert(plan_of<decltype(adam() | lr(0.1) | direct_weight_decay(1e-2))>::bytes_per_element<float> == 28);

TEMPLATE_TEST_CASE("direct_weight_decay: decays the parameters by wd·f(p), whatever the rest of the chain does",
                   "[modules][direct_weight_decay]", float, double) {
    using T = TestType;
    std::vector<T> const p0 = {T(2), T(-3), T(0), T(0.5)}, zero(4, T(0));
    tzero_test::harness<T, direct_weight_decay> l2(direct_weight_decay(0.5), p0);
    CHECK(l2.step(zero) == std::vector<T>{T(1), T(-1.5), T(0), T(0.25)});
    CHECK(l2.params() == std::vector<T>{T(1), T(-1.5), T(0), T(0.25)});  // p·(1 − wd)
    tzero_test::harness<T, direct_weight_decay> l1(direct_weight_decay{.weight_decay = 0.5, .ord = 1}, p0);
    CHECK(l1.step(zero) == std::vector<T>{T(0.5), T(-0.5), T(0), T(0.5)});
    tzero_test::harness<T, direct_weight_decay> l3(direct_weight_decay{.weight_decay = 0.5, .ord = 3}, p0);
    auto const u = l3.step(zero);
    CHECK(u[0] == Approx(2.0));
    CHECK(u[1] == Approx(-4.5));  // the sign torchzero's `ord - 1 % 2` drops
}

TEST_CASE("direct_weight_decay: last in the chain, it adds p·wd to the step unscaled",
          "[modules][direct_weight_decay]") {
    // torchzero: DirectWeightDecay(0.5), Adam(), LR(0.1) → p ← p − 0.5·p, then p ← p − 0.1·adam(g)
    auto const chain = adam() | lr(0.1) | direct_weight_decay(0.5);
    tzero_test::harness<double, decltype(chain)> h(chain, {2.0, -1.0});
    tzero_test::harness<double, decltype(adam() | lr(0.1))> plain(adam() | lr(0.1), {2.0, -1.0});
    auto const a = h.step({1.0, 3.0}), b = plain.step({1.0, 3.0});
    CHECK(a[0] == Approx(b[0] + 1.0));
    CHECK(a[1] == Approx(b[1] - 0.5));
}

TEST_CASE("direct_weight_decay: weight_decay is required and finite, ord >= 1",
          "[modules][direct_weight_decay][errors]") {
    CHECK_THROWS_WITH(
        direct_weight_decay{}.validate(),
        Contains("tzero: direct_weight_decay: weight_decay must be a finite number") && Contains("got nan"));
    CHECK_THROWS_WITH((direct_weight_decay{.weight_decay = 0.1, .ord = 0}.validate()),
                      Contains("tzero: direct_weight_decay: ord must be >= 1"));
}
