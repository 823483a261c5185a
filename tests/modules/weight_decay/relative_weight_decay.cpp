#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(reduce_module<relative_weight_decay> && uses_param_v<relative_weight_decay>);
static_assert(plan_of<relative_weight_decay>::passes == 2);
static_assert(plan_of<decltype(adam() | relative_weight_decay() | lr(0.1))>::state_slots == 2);

namespace {
/// The update of one step of `m` from parameters (2, −4) and gradient `g`.
template <class T, class M>
std::vector<T> first_update(M const& m, std::vector<T> const& g) {
    tzero_test::harness<T, M> h(m, {T(2), T(-4)});
    return h.step(g);
}
}  // namespace

TEMPLATE_TEST_CASE("relative_weight_decay: the decay is scaled by a metric of the update",
                   "[modules][relative_weight_decay]", float, double) {
    using T = TestType;
    std::vector<T> const g = {T(1), T(-3)};
    auto const check = [&](tzero::metric metric, double m) {
        INFO("metric " << to_string(metric));
        auto const u = first_update<T>(relative_weight_decay{.metric = metric}, g);
        CHECK(u[0] == Approx(1 + 0.1 * m * 2));
        CHECK(u[1] == Approx(-3 - 0.1 * m * 4));
    };
    check("mad", 2);  // mean |g|
    check("sum", -2);
    check("var", 8);  // unbiased: ((1 + 1)² + (−3 + 1)²) / 1
    check("std", std::sqrt(8.0));
    check("l1", 4);
    check("l2", std::sqrt(10.0));
    check("l3", std::cbrt(28.0));
    check("l4", std::pow(82.0, 0.25));
    check("linf", 3);  // max |g|
}

TEMPLATE_TEST_CASE("relative_weight_decay: linf is the largest |x| over all parameters",
                   "[modules][relative_weight_decay]", float, double) {
    using T = TestType;
    static_assert(relative_weight_decay{.metric = "linf"}.metric == metric(INFINITY));
    static_assert(relative_weight_decay{.metric = "l3"}.metric == metric(3));
    tzero_test::tensor_list<T> p({{1}, {2}, {5}}), g({{1}, {2}, {5}});
    p.values = {{T(1)}, {T(1), T(-1)}, {T(0), T(0), T(0), T(0), T(2)}};
    g.values = {{T(3)}, {T(0), T(-6)}, {T(-5), T(1), T(0), T(2), T(-0.5)}};
    optimizer opt(relative_weight_decay{.weight_decay = 0.5, .metric = "linf"}, p.views());
    opt.step(g.const_views());  // max |u| = 6: u = g + 3·p
    CHECK(p.values[0][0] == Approx(1 - 6));
    CHECK(p.values[1][0] == Approx(1 - 3));
    CHECK(p.values[1][1] == Approx(-1 - (-6 - 3)));
    CHECK(p.values[2][0] == Approx(5));
    CHECK(p.values[2][4] == Approx(2 - (-0.5 + 6)));
    // of the parameters: max |p| = 2 (every element above was decayed by 0.5·2·p)
    tzero_test::tensor_list<T> q({{2}, {1}}), h({{2}, {1}});
    q.values = {{T(2), T(-0.5)}, {T(-1)}};
    h.values = {{T(0), T(0)}, {T(0)}};
    optimizer by_params(
        relative_weight_decay{.weight_decay = 0.5, .norm_input = relative_norm_input::params, .metric = "linf"},
        q.views());
    by_params.step(h.const_views());  // u = 0 + 0.5·2·p
    CHECK(q.values[0][0] == Approx(0));
    CHECK(q.values[0][1] == Approx(0));
    CHECK(q.values[1][0] == Approx(0));
    // a NaN element makes the maximum NaN, and so every decayed element
    tzero_test::harness<T, relative_weight_decay> n(relative_weight_decay{.metric = "linf"}, {T(1), T(2), T(3)});
    auto const u = n.step({T(1), T(NAN), T(-2)});
    CHECK(std::isnan(u[0]));
    CHECK(std::isnan(u[2]));
    // zero updates: max 0, no decay (the identity −∞ does not leak)
    tzero_test::harness<T, relative_weight_decay> z(relative_weight_decay{.metric = "linf"}, {T(1), T(2)});
    CHECK(z.step({T(0), T(0)}) == std::vector<T>{T(0), T(0)});
}

TEST_CASE("relative_weight_decay: finalize of linf reads the maximum term", "[modules][relative_weight_decay]") {
    auto const m = relative_weight_decay{.weight_decay = 0.5, .metric = "linf"};
    CHECK(m.finalize(reduction<3>{{0, 0, 4}, 3, nullptr, 1}) == 2);
    CHECK(m.finalize(reduction<3>{{0, 0, -INFINITY}, 0, nullptr, 1}) == 0);  // no elements
    CHECK(std::isnan(m.finalize(reduction<3>{{0, 0, NAN}, 3, nullptr, 1})));
    // the other metrics do not read it
    CHECK(relative_weight_decay{.weight_decay = 0.5}.finalize(reduction<3>{{6, 0, 100}, 3, nullptr, 1}) == 1);
    CHECK(relative_weight_decay{.metric = "l2"}.finalize(reduction<3>{{16, 0, 100}, 3, nullptr, 1}) == Approx(0.4));
}

TEMPLATE_TEST_CASE("relative_weight_decay: relative to the gradient or the parameters with ord and cautious",
                   "[modules][relative_weight_decay]", float, double) {
    using T = TestType;
    std::vector<T> const g = {T(1), T(-3)};
    // the raw gradient, not the doubled update: mad 2
    auto u = first_update<T>(mul(2) | relative_weight_decay{.norm_input = relative_norm_input::grad}, g);
    CHECK(u[0] == Approx(2 + 0.1 * 2 * 2));
    // the parameters: mad 3, and ord 1 decays by sign(p)
    u = first_update<T>(relative_weight_decay{.ord = 1, .norm_input = relative_norm_input::params}, g);
    CHECK(u[0] == Approx(1 + 0.1 * 3));
    CHECK(u[1] == Approx(-3 - 0.1 * 3));
    // cautious: no decay where the update disagrees in sign with the parameter
    u = first_update<T>(relative_weight_decay{.cautious = true}, {T(-1), T(-3)});
    CHECK(u[0] == T(-1));
    CHECK(u[1] == Approx(-3 - 0.1 * 2 * 4));
}

TEMPLATE_TEST_CASE("relative_weight_decay: the metric is taken over all parameters", "[modules][relative_weight_decay]",
                   float, double) {
    using T = TestType;
    tzero_test::tensor_list<T> p({{1}, {2}}), g({{1}, {2}});
    p.values = {{T(1)}, {T(1), T(-1)}};
    g.values = {{T(3)}, {T(0), T(-6)}};
    optimizer opt(relative_weight_decay{.weight_decay = 0.5}, p.views());
    opt.step(g.const_views());  // mad = 9 / 3 = 3: u = g + 1.5·p
    CHECK(p.values[0][0] == Approx(1 - 4.5));
    CHECK(p.values[1][0] == Approx(1 - 1.5));
    CHECK(p.values[1][1] == Approx(-1 - (-6 - 1.5)));
}

TEMPLATE_TEST_CASE("relative_weight_decay: the variance of one element is NaN as in torch.var",
                   "[modules][relative_weight_decay]", float, double) {
    using T = TestType;
    tzero_test::harness<T, relative_weight_decay> h(relative_weight_decay{.metric = "var"}, {T(1)});
    CHECK(std::isnan(h.step({T(2)})[0]));
}

TEST_CASE("relative_weight_decay: describe and bad hyperparameters", "[modules][relative_weight_decay][errors]") {
    CHECK(describe(relative_weight_decay()) ==
          "relative_weight_decay(weight_decay=0.1, ord=2, norm_input=update, metric=mad, cautious=false)");
    CHECK_THROWS_WITH(relative_weight_decay{.weight_decay = std::numeric_limits<double>::infinity()}.validate(),
                      Contains("tzero: relative_weight_decay: weight_decay must be a finite number"));
    CHECK_THROWS_WITH(relative_weight_decay{.ord = 0}.validate(),
                      Contains("tzero: relative_weight_decay: ord must be >= 1"));
    CHECK_THROWS_WITH(relative_weight_decay{.norm_input = relative_norm_input(3)}.validate(),
                      Contains("tzero: relative_weight_decay: norm_input must be"));
    CHECK(describe(relative_weight_decay{.metric = "linf"}) ==
          "relative_weight_decay(weight_decay=0.1, ord=2, norm_input=update, metric=inf, cautious=false)");
    CHECK(describe(relative_weight_decay{.metric = "std"}) ==
          "relative_weight_decay(weight_decay=0.1, ord=2, norm_input=update, metric=std, cautious=false)");
    CHECK_NOTHROW(relative_weight_decay{.metric = "linf"}.validate());
    CHECK_NOTHROW(relative_weight_decay{.metric = 0}.validate());  // the count of nonzeros
    CHECK_THROWS_WITH(relative_weight_decay{.metric = "l5"}.validate(),
                      Contains("tzero: relative_weight_decay: metric must be") && Contains("linf") &&
                          Contains("got a name it does not know"));
    CHECK_THROWS_WITH(relative_weight_decay{.metric = NAN}.validate(),
                      Contains("tzero: relative_weight_decay: metric must be") && Contains("got nan"));
}
