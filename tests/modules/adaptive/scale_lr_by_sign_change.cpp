#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

static_assert(plan_of<scale_lr_by_sign_change>::state_slots == 2 && uses_grad_v<scale_lr_by_sign_change>);
static_assert(plan_of<decltype(scale_lr_by_sign_change() | lr(0.1))>::passes == 1);

TEMPLATE_TEST_CASE("scale_lr_by_sign_change: the update times sign-consistency rates, hand-computed",
                   "[modules][scale_lr_by_sign_change]", float, double) {
    using T = TestType;
    double const eps = sizeof(T) == 4 ? 1e-6 : 1e-14;
    // the same three steps torchzero 2b6a228 gives: rates (1, 1, 1, 1), (1.2, 0.5, 0.5, 1), (1.44, 0.6, 0.6, 0.5)
    tzero_test::harness<T, scale_lr_by_sign_change> h(scale_lr_by_sign_change(), std::vector<T>(4));
    double const grads[3][4] = {{1, -1, 2, 0}, {1, 1, -3, 1}, {2, 1, -1, -1}};
    double const want[3][4] = {{1, -1, 2, 0}, {1.2, 0.5, -1.5, 1}, {2.88, 0.6, -0.6, -0.5}};
    for (int t = 0; t < 3; ++t) {
        auto u = h.step({T(grads[t][0]), T(grads[t][1]), T(grads[t][2]), T(grads[t][3])});
        for (std::size_t i = 0; i < 4; ++i) CHECK(u[i] == Approx(want[t][i]).epsilon(eps));
    }
}

TEST_CASE("scale_lr_by_sign_change: use_grad follows the gradient's signs, not the update's",
          "[modules][scale_lr_by_sign_change]") {
    // lr(0) | weight_decay(0.5) makes the update 0.5·p, positive here, whatever the gradient
    auto const by_grad = lr(0) | weight_decay(0.5) | scale_lr_by_sign_change{.use_grad = true};
    auto const by_update = lr(0) | weight_decay(0.5) | scale_lr_by_sign_change();
    tzero_test::harness<double, std::remove_cvref_t<decltype(by_grad)>> g(by_grad, {1.0, 1.0});
    tzero_test::harness<double, std::remove_cvref_t<decltype(by_update)>> u(by_update, {1.0, 1.0});
    double const grads[3][2] = {{1, 1}, {-1, 1}, {-1, 1}};
    // p: (1, 1) → (0.5, 0.5); rates by the gradient: (1, 1), (0.5, 1.2), (0.6, 1.44)
    double const want_grad[3][2] = {{0.5, 0.5}, {0.125, 0.3}, {0.1125, 0.144}};
    // by the update (always positive): rates 1, 1.2, 1.44 for both
    double const want_update[3][2] = {{0.5, 0.5}, {0.3, 0.3}, {0.144, 0.144}};
    for (int t = 0; t < 3; ++t) {
        auto a = g.step({grads[t][0], grads[t][1]});
        auto b = u.step({grads[t][0], grads[t][1]});
        for (std::size_t i = 0; i < 2; ++i) {
            CHECK(a[i] == Approx(want_grad[t][i]));
            CHECK(b[i] == Approx(want_update[t][i]));
        }
    }
}

TEMPLATE_TEST_CASE("scale_lr_by_sign_change: zero gradients stay zero, NaN stays visible",
                   "[modules][scale_lr_by_sign_change]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    tzero_test::harness<T, scale_lr_by_sign_change> h(scale_lr_by_sign_change(), {T(0), T(0)});
    CHECK(h.step({T(0), T(0)}) == std::vector<T>{T(0), T(0)});
    auto u = h.step({T(0), nan});
    CHECK(u[0] == T(0));
    CHECK(std::isnan(u[1]));
    CHECK(h.optimizer().state(1, 0)[1] == T(1));  // sign(NaN) = 0 leaves the rate alone
}

TEST_CASE("scale_lr_by_sign_change: hyperparameters out of range are rejected", "[modules][scale_lr_by_sign_change]") {
    using Catch::Contains;
    CHECK_THROWS_WITH(scale_lr_by_sign_change{.nplus = -1} | lr(1),
                      Contains("tzero: scale_lr_by_sign_change: nplus must be > 0"));
    CHECK_THROWS_WITH(scale_lr_by_sign_change{.nminus = 0} | lr(1),
                      Contains("tzero: scale_lr_by_sign_change: nminus must be > 0"));
    CHECK_THROWS_WITH(scale_lr_by_sign_change{.lb = -1e-3} | lr(1),
                      Contains("tzero: scale_lr_by_sign_change: lb must be >= 0"));
    CHECK_THROWS_WITH((scale_lr_by_sign_change{.lb = 1, .ub = 0} | lr(1)),
                      Contains("tzero: scale_lr_by_sign_change: ub must be >= lb"));
    CHECK_THROWS_WITH(scale_lr_by_sign_change{.alpha = std::nan("")} | lr(1),
                      Contains("tzero: scale_lr_by_sign_change: alpha must be a number"));
}
