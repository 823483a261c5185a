#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <type_traits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(reduce_module<adagrad_norm<>>);
static_assert(plan_of<adagrad_norm<>>::passes == 2);
static_assert(plan_of<adagrad_norm<>>::state_slots == 0 && plan_of<adagrad_norm<>>::reduce_slots == 1);
static_assert(plan_of<decltype(adagrad_norm<global_t>{} | lr(0.1))>::reduce_slots == 1);

TEMPLATE_TEST_CASE("adagrad_norm: divides by the root of the summed squared norms", "[modules][adagrad_norm]", float,
                   double) {
    using T = TestType;
    tzero_test::harness<T, adagrad_norm<>> h(adagrad_norm<>{}, std::vector<T>(2, T(0)));
    auto u = h.step({T(3), T(4)});  // s = 25
    CHECK(u[0] == Approx(0.6));
    CHECK(u[1] == Approx(0.8));
    CHECK(h.optimizer().reduce_state(0)[0] == 25.0);
    u = h.step({T(0), T(5)});  // s = 50
    CHECK(u[0] == T(0));
    CHECK(u[1] == Approx(5 / std::sqrt(50.0)));
    CHECK(h.optimizer().reduce_state(0)[0] == 50.0);
}

TEMPLATE_TEST_CASE("adagrad_norm: one accumulator per tensor or one for all", "[modules][adagrad_norm]", float,
                   double) {
    using T = TestType;
    tzero_test::tensor_list<T> p({{1}, {1}}), q({{1}, {1}}), g({{1}, {1}});
    g.values = {{T(3)}, {T(-4)}};
    optimizer per(adagrad_norm<>{}, p.views());
    optimizer all(adagrad_norm<global_t>{}, q.views());
    per.step(g.const_views());
    all.step(g.const_views());
    CHECK(p.values[0][0] == Approx(-1));  // each tensor divided by its own norm
    CHECK(p.values[1][0] == Approx(1));
    CHECK(q.values[0][0] == Approx(-0.6));  // both by the global norm 5
    CHECK(q.values[1][0] == Approx(0.8));
}

TEMPLATE_TEST_CASE("adagrad_norm: beta and debiasing and use_sqrt and lr_decay and alpha and the initial value",
                   "[modules][adagrad_norm]", float, double) {
    using T = TestType;
    tzero_test::harness<T, adagrad_norm<>> ema(adagrad_norm<>{.beta = 0.5}, std::vector<T>(2, T(0)));
    auto u = ema.step({T(3), T(4)});  // s = 12.5, ŝ = 12.5 / 0.5 = 25
    CHECK(u[1] == Approx(0.8));
    u = ema.step({T(0), T(1)});  // s = lerp(12.5, 1, 0.5) = 6.75, ŝ = 6.75 / 0.75 = 9
    CHECK(u[1] == Approx(1.0 / 3));

    tzero_test::harness<T, adagrad_norm<>> raw(adagrad_norm<>{.beta = 0.5, .beta_debias = false},
                                               std::vector<T>(2, T(0)));
    CHECK(raw.step({T(3), T(4)})[1] == Approx(4 / std::sqrt(12.5)));

    tzero_test::harness<T, adagrad_norm<>> nosqrt(adagrad_norm<>{.use_sqrt = false}, std::vector<T>(2, T(0)));
    CHECK(nosqrt.step({T(3), T(4)})[1] == Approx(4.0 / 25));

    tzero_test::harness<T, adagrad_norm<>> decay(
        adagrad_norm<>{.lr_decay = 1, .initial_accumulator_value = 11, .alpha = 2}, std::vector<T>(2, T(0)));
    CHECK(decay.step({T(3), T(4)})[1] == Approx(2 * 4.0 / 6));  // s = 11 + 25
    CHECK(decay.step({T(0), T(8)})[1] == Approx(8.0 / 10));     // s = 100, α/(1 + lr_decay) = 1
}

TEMPLATE_TEST_CASE("adagrad_norm: a zero first gradient gives 0 and not NaN", "[modules][adagrad_norm]", float,
                   double) {
    using T = TestType;
    tzero_test::harness<T, adagrad_norm<>> h(adagrad_norm<>{}, std::vector<T>(2, T(0)));
    CHECK(h.step({T(0), T(0)}) == std::vector<T>{T(0), T(0)});
}

TEST_CASE("adagrad_norm: describe and bad hyperparameters", "[modules][adagrad_norm][errors]") {
    CHECK(describe(adagrad_norm()) ==
          "adagrad_norm(lr_decay=0, initial_accumulator_value=0, eps=1e-10, beta=1, "
          "beta_debias=true, scope=per_tensor, use_sqrt=true, alpha=1)");
    CHECK_THROWS_WITH(adagrad_norm<>{.lr_decay = -1}.validate(),
                      Contains("tzero: adagrad_norm: lr_decay must be >= 0"));
    CHECK_THROWS_WITH(adagrad_norm<>{.initial_accumulator_value = -1}.validate(),
                      Contains("tzero: adagrad_norm: initial_accumulator_value must be >= 0"));
    CHECK_THROWS_WITH(adagrad_norm<>{.eps = 0}.validate(), Contains("tzero: adagrad_norm: eps must be > 0"));
    CHECK_THROWS_WITH(adagrad_norm<>{.beta = 1.5}.validate(), Contains("tzero: adagrad_norm: beta must be in [0, 1]"));
    CHECK_THROWS_WITH(adagrad_norm<>{.alpha = std::numeric_limits<double>::quiet_NaN()}.validate(),
                      Contains("tzero: adagrad_norm: alpha must be a number"));
}

TEMPLATE_TEST_CASE("adagrad_norm: inner runs on the update after the norm is taken from it", "[modules][adagrad_norm]",
                   float, double) {
    using T = TestType;
    auto const a = adagrad_norm().with_inner(sign());
    tzero_test::harness<T, std::remove_const_t<decltype(a)>> h(a, std::vector<T>(2, T(0)));
    auto u = h.step({T(3), T(-4)});  // s = 25 from u, not from sign(u)
    CHECK(u[0] == Approx(0.2));
    CHECK(u[1] == Approx(-0.2));
    CHECK(h.optimizer().reduce_state(0)[0] == 25.0);
}

TEMPLATE_TEST_CASE("adagrad_norm: a stateful inner chain steps once a step", "[modules][adagrad_norm]", float, double) {
    using T = TestType;
    // inner = ema(0.5): stepped in the apply pass only, not by the reduce pass as well
    auto const a = adagrad_norm<global_t>{}.with_inner(ema(0.5));
    static_assert(decltype(a)::state_slots == 1);
    static_assert(plan_of<decltype(a)>::passes == 2);
    tzero_test::harness<T, std::remove_const_t<decltype(a)>> h(a, std::vector<T>(2, T(0)));
    auto u = h.step({T(3), T(4)});  // s = 25, e = (1.5, 2)
    CHECK(u[0] == Approx(0.3));
    CHECK(u[1] == Approx(0.4));
    u = h.step({T(0), T(5)});  // s = 50, e = (0.75, 3.5)
    CHECK(u[0] == Approx(0.75 / std::sqrt(50.0)));
    CHECK(u[1] == Approx(3.5 / std::sqrt(50.0)));
    CHECK(h.optimizer().state(0, 0)[1] == Approx(3.5));
}

TEST_CASE("adagrad_norm: an inner chain prints and validates", "[modules][adagrad_norm][errors]") {
    CHECK(describe(adagrad_norm<global_t>{.alpha = 2}.with_inner(sign())) ==
          "adagrad_norm(lr_decay=0, initial_accumulator_value=0, eps=1e-10, beta=1, beta_debias=true, scope=global, "
          "use_sqrt=true, alpha=2, inner=[sign()])");
    auto const kept = adagrad_norm<>{.lr_decay = 0.5,
                                     .initial_accumulator_value = 2,
                                     .eps = 1e-3,
                                     .beta = 0.9,
                                     .beta_debias = false,
                                     .use_sqrt = false,
                                     .alpha = 3}
                          .with_inner(sign());
    CHECK((kept.lr_decay == 0.5 && kept.initial_accumulator_value == 2 && kept.eps == 1e-3 && kept.beta == 0.9));
    CHECK((!kept.beta_debias && !kept.use_sqrt && kept.alpha == 3));
    CHECK_THROWS_WITH(validate(adagrad_norm().with_inner(ema(2.0))), Contains("ema"));
    CHECK_THROWS_WITH(adagrad_norm().with_inner(ema(2.0)) | lr(1), Contains("ema"));
}
