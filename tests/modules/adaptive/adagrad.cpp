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

TEMPLATE_TEST_CASE("adagrad: a zero first gradient with zero accumulator gives 0, not NaN", "[modules][adagrad]", float,
                   double) {
    using T = TestType;
    tzero_test::harness<T, adagrad> h(adagrad(), {T(1)});
    CHECK(h.step({T(0)})[0] == T(0));
}

static_assert(decltype(adagrad().with_inner(ema(0.9)).with_accumulator_tfm(ema(0.5)))::state_slots == 3);
static_assert(std::is_same_v<decltype(adagrad{.eps = 1e-3}), adagrad>);

TEST_CASE("adagrad: inner runs on the update and accumulator_tfm on a copy of the sum", "[modules][adagrad]") {
    // s is summed from g itself; the numerator is ema(0.5) of g and the root is taken of
    // √s · 0.5, a copy: the stored sum stays Adagrad's own.
    auto const a = adagrad{.lr_decay = 0.1, .initial_accumulator_value = 0.5, .alpha = 2}
                       .with_inner(ema(0.5))
                       .with_accumulator_tfm(tzero::sqrt() | mul(0.5));
    tzero_test::harness<double, std::remove_const_t<decltype(a)>> h(a, {0.0, 0.0});
    double s[2] = {0.5, 0.5}, n[2] = {};
    double const grads[3][2] = {{1.0, 0.0}, {-3.0, 0.0}, {0.5, 2.0}};
    for (int t = 1; t <= 3; ++t) {
        auto u = h.step({grads[t - 1][0], grads[t - 1][1]});
        for (int i = 0; i < 2; ++i) {
            double const g = grads[t - 1][i];
            s[i] += g * g;
            n[i] = 0.5 * n[i] + 0.5 * g;
            double const root = std::sqrt(std::sqrt(s[i]) * 0.5);
            CHECK(u[std::size_t(i)] == Approx(n[i] / (root + 1e-10) * 2 / (1 + (t - 1) * 0.1)).margin(1e-300));
        }
    }
    CHECK(h.optimizer().state(0, 0)[0] == Approx(0.5 + 1 + 9 + 0.25));
}

TEST_CASE("adagrad: the inner chains print and validate, absent ones change nothing", "[modules][adagrad]") {
    CHECK(describe(adagrad()) == "adagrad(lr_decay=0, initial_accumulator_value=0, eps=1e-10, alpha=1)");
    CHECK(describe(adagrad().with_inner(sign()).with_accumulator_tfm(ema(0.5))) ==
          "adagrad(lr_decay=0, initial_accumulator_value=0, eps=1e-10, alpha=1, inner=[sign()], "
          "accumulator_tfm=[ema(momentum=0.5, dampening=0, debias=false, lerp=true, init=zeros)])");
    auto const kept =
        adagrad{.lr_decay = 0.1, .initial_accumulator_value = 0.2, .eps = 1e-3, .alpha = 2}.with_accumulator_tfm(
            sign());
    CHECK(kept.lr_decay == 0.1);
    CHECK(kept.initial_accumulator_value == 0.2);
    CHECK(kept.eps == 1e-3);
    CHECK(kept.alpha == 2);
    CHECK_THROWS_WITH(validate(adagrad().with_inner(ema(2.0))), Catch::Contains("ema"));
    CHECK_THROWS_WITH(validate(adagrad().with_accumulator_tfm(ema(2.0))), Catch::Contains("ema"));
}
