#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

static_assert(plan_of<lion>::state_slots == 1);
static_assert(plan_of<decltype(lion() | lr(0.1))>::passes == 1);
static_assert(plan_of<decltype(lion() | lr(0.1))>::bytes_per_element<float> == 20);  // read p, g, m; write p, m

TEMPLATE_TEST_CASE("lion: the sign of the interpolated momentum, hand-computed", "[modules][lion]", float, double) {
    using T = TestType;
    tzero_test::harness<T, lion> h(lion(), std::vector<T>(4));
    // step 1, m = 0: sign(0.1·g) = sign(g); then m = 0.01·g
    CHECK(h.step({T(1), T(1), T(-3), T(0)}) == std::vector<T>{T(1), T(1), T(-1), T(0)});
    // step 2: c = 0.9·m + 0.1·g. Element 0: 0.009 − 0.005 > 0, the momentum wins against the
    // gradient's sign; element 1: 0.009 − 0.01 < 0; element 2: −0.027 + 0.1·0.2 < 0; element 3: 0
    CHECK(h.step({T(-0.05), T(-0.1), T(0.2), T(0)}) == std::vector<T>{T(1), T(-1), T(-1), T(0)});
    auto const m = h.optimizer().state(0, 0);
    CHECK(double(m[0]) == Approx(0.99 * 0.01 + 0.01 * -0.05).epsilon(1e-6));
    CHECK(double(m[2]) == Approx(0.99 * -0.03 + 0.01 * 0.2).epsilon(1e-6));
    CHECK(m[3] == T(0));
}

TEST_CASE("lion: beta1 and beta2 play different roles", "[modules][lion]") {
    // beta1 = 0: the output is sign(u) whatever the momentum; beta2 = 1: the momentum never moves
    tzero_test::harness<double, lion> sign_of_update(lion{.beta1 = 0}, {0.0});
    sign_of_update.step({1.0});
    CHECK(sign_of_update.step({-1e-3})[0] == -1);
    tzero_test::harness<double, lion> frozen(lion{.beta2 = 1}, {0.0});
    frozen.step({1.0});
    CHECK(frozen.optimizer().state(0, 0)[0] == 0);
}

TEMPLATE_TEST_CASE("lion: a zero gradient gives a zero step, NaN gives 0 and poisons the momentum", "[modules][lion]",
                   float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    tzero_test::harness<T, lion> h(lion(), {T(0), T(0)});
    CHECK(h.step({T(0), nan}) == std::vector<T>{T(0), T(0)});  // sign(NaN) = 0, as torch.sign
    CHECK(h.optimizer().state(0, 0)[0] == T(0));
    CHECK(std::isnan(h.optimizer().state(0, 0)[1]));
}

TEST_CASE("lion: hyperparameters out of range are rejected", "[modules][lion]") {
    CHECK_THROWS_WITH(lion{.beta1 = 1.5} | lr(1),
                      Catch::Contains("tzero: lion: beta1 must be in [0, 1]") && Catch::Contains("got 1.5"));
    CHECK_THROWS_WITH(lion{.beta2 = -0.1} | lr(1), Catch::Contains("tzero: lion: beta2 must be in [0, 1]"));
    CHECK(describe(lion()) == "lion(beta1=0.9, beta2=0.99)");
}
