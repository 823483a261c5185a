#include <catch2/catch.hpp>

#include <cmath>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

static_assert(plan_of<clip_norm_growth<>>::passes == 2);
static_assert(plan_of<clip_norm_growth<>>::reduce_slots == 2);  // the tracked norm and its flag
static_assert(plan_of<decltype(adam() | clip_norm_growth<global_t>{} | lr(1))>::state_slots == 2);

namespace {
/// Steps a one-tensor optimizer with gradient `g`; returns the update.
template <class C>
std::vector<double> step(tzero::optimizer<C, double>& opt, std::vector<double>& p, std::vector<double> g) {
    auto const before = p;
    opt.step(std::vector<tensor_view<double const>>{tensor_view<double const>(g.data(), {g.size()})});
    for (std::size_t i = 0; i < p.size(); ++i) g[i] = before[i] - p[i];
    return g;
}
}  // namespace

TEST_CASE("clip_norm_growth: the norm grows by at most mul a step, and decays by at most max_decay",
          "[modules][clip_norm_growth]") {
    std::vector<double> p(2, 0.0);
    optimizer opt{clip_norm_growth(), std::vector<tensor_view<double>>{tensor_view<double>(p.data(), {2})}};
    CHECK(step(opt, p, {3, 4}) == std::vector<double>{3, 4});  // first step: tracked norm 5, untouched
    CHECK(opt.reduce_state(0)[0] == 5.0);
    auto u = step(opt, p, {30, 40});  // norm 50 > 5·1.5: scaled to 7.5
    CHECK(std::hypot(u[0], u[1]) == Approx(7.5));
    CHECK(opt.reduce_state(0)[0] == Approx(7.5));
    u = step(opt, p, {0.3, 0.4});  // norm 0.5 < 7.5/2: tracked norm decays to 3.75 only
    CHECK(u[0] == Approx(0.3));
    CHECK(u[1] == Approx(0.4));
    CHECK(opt.reduce_state(0)[0] == Approx(3.75));
}

TEST_CASE("clip_norm_growth: finalize follows torchzero's norm_growth_clip_", "[modules][clip_norm_growth]") {
    auto const c = clip_norm_growth<>{.add = 1, .mul = 10, .min_value = 0.5, .max_decay = 2};
    double state[2] = {2, 1};
    CHECK(c.finalize(reduction<1, 2>{{25.0}, 1, state, 2}) == Approx(3.0 / 5));  // norm 5 > 2 + 1: d = 5/3
    CHECK(state[0] == Approx(3));
    CHECK(c.finalize(reduction<1, 2>{{0.0}, 1, state, 3}) == 1.0);  // norm 0: decays to 1.5
    CHECK(state[0] == Approx(1.5));
    CHECK(c.finalize(reduction<1, 2>{{0.0}, 1, state, 4}) == 1.0);
    CHECK(state[0] == Approx(0.75));
    CHECK(c.finalize(reduction<1, 2>{{0.0}, 1, state, 5}) == 1.0);  // 0.375 floored at min_value
    CHECK(state[0] == Approx(0.5));
}

TEST_CASE("clip_norm_growth: bad hyperparameters are refused", "[modules][clip_norm_growth][errors]") {
    REQUIRE_THROWS_WITH(clip_norm_growth<>{.add = -1}.validate(), Catch::Contains("tzero: clip_norm_growth: add"));
    REQUIRE_THROWS_WITH(clip_norm_growth<>{.mul = 0}.validate(), Catch::Contains("tzero: clip_norm_growth: mul"));
    REQUIRE_THROWS_WITH(clip_norm_growth<>{.max_decay = 0}.validate(), Catch::Contains("max_decay"));
    REQUIRE_THROWS_WITH(clip_norm_growth<>{.min_value = -1}.validate(), Catch::Contains("min_value"));
}
