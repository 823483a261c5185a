#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

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
    auto const check = [&](relative_metric metric, double m) {
        INFO("metric " << name_of(metric));
        auto const u = first_update<T>(relative_weight_decay{.metric = metric}, g);
        CHECK(u[0] == Approx(1 + 0.1 * m * 2));
        CHECK(u[1] == Approx(-3 - 0.1 * m * 4));
    };
    check(relative_metric::mad, 2);  // mean |g|
    check(relative_metric::sum, -2);
    check(relative_metric::var, 8);  // unbiased: ((1 + 1)² + (−3 + 1)²) / 1
    check(relative_metric::std, std::sqrt(8.0));
    check(relative_metric::l1, 4);
    check(relative_metric::l2, std::sqrt(10.0));
    check(relative_metric::l3, std::cbrt(28.0));
    check(relative_metric::l4, std::pow(82.0, 0.25));
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
    tzero_test::harness<T, relative_weight_decay> h(relative_weight_decay{.metric = relative_metric::var}, {T(1)});
    CHECK(std::isnan(h.step({T(2)})[0]));
}

TEST_CASE("relative_weight_decay: describe and bad hyperparameters", "[modules][relative_weight_decay][errors]") {
    CHECK(describe(relative_weight_decay()) ==
          "relative_weight_decay(weight_decay=0.1, ord=2, norm_input=update, metric=mad, cautious=false)");
    CHECK_THROWS_WITH(relative_weight_decay{.weight_decay = std::numeric_limits<double>::infinity()}.validate(),
                      Contains("tzero: relative_weight_decay: weight_decay must be a finite number"));
    CHECK_THROWS_WITH(relative_weight_decay{.ord = 0}.validate(), Contains("tzero: relative_weight_decay: ord must be >= 1"));
    CHECK_THROWS_WITH(relative_weight_decay{.norm_input = relative_norm_input(3)}.validate(),
                      Contains("tzero: relative_weight_decay: norm_input must be"));
    CHECK_THROWS_WITH(relative_weight_decay{.metric = relative_metric(8)}.validate(),
                      Contains("tzero: relative_weight_decay: metric must be"));
}
