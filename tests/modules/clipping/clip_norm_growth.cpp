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
    // terms: Σu², then the maximum (unused by the 2-norm)
    CHECK(c.finalize(reduction<2, 2>{{25.0, 0}, 1, state, 2}) == Approx(3.0 / 5));  // norm 5 > 2 + 1: d = 5/3
    CHECK(state[0] == Approx(3));
    CHECK(c.finalize(reduction<2, 2>{{0.0, 0}, 1, state, 3}) == 1.0);  // norm 0: decays to 1.5
    CHECK(state[0] == Approx(1.5));
    CHECK(c.finalize(reduction<2, 2>{{0.0, 0}, 1, state, 4}) == 1.0);
    CHECK(state[0] == Approx(0.75));
    CHECK(c.finalize(reduction<2, 2>{{0.0, 0}, 1, state, 5}) == 1.0);  // 0.375 floored at min_value
    CHECK(state[0] == Approx(0.5));
    // the inf-norm reads the maximum: max|u| = 5 > 0.5 + 1: d = 5/1.5
    auto inf = c;
    inf.ord = INFINITY;
    CHECK(inf.finalize(reduction<2, 2>{{0, 5}, 1, state, 6}) == Approx(1.5 / 5));
    CHECK(state[0] == Approx(1.5));
}

TEST_CASE("clip_norm_growth: the inf-norm's growth is limited through the optimizer", "[modules][clip_norm_growth]") {
    static_assert(reduce_terms_v<clip_norm_growth<>> == 2 && reduce_maxima_v<clip_norm_growth<>> == 1);
    std::vector<double> p(3, 0.0);
    optimizer opt{clip_norm_growth<>{.ord = INFINITY},
                  std::vector<tensor_view<double>>{tensor_view<double>(p.data(), {3})}};
    CHECK(step(opt, p, {1, -2, 0.5}) == std::vector<double>{1, -2, 0.5});  // tracked norm max|u| = 2
    CHECK(opt.reduce_state(0)[0] == 2.0);
    auto const u = step(opt, p, {-6, 3, 1});  // max|u| 6 > 2·1.5: scaled to 3
    CHECK(u[0] == Approx(-3));
    CHECK(u[1] == Approx(1.5));
    CHECK(opt.reduce_state(0)[0] == Approx(3));
    std::vector<double> q(2, 0.0);
    optimizer neg{clip_norm_growth<>{.ord = -INFINITY},
                  std::vector<tensor_view<double>>{tensor_view<double>(q.data(), {2})}};
    step(neg, q, {1, -2});  // min|u| = 1
    CHECK(neg.reduce_state(0)[0] == 1.0);
    auto const w = step(neg, q, {4, -8});  // min|u| 4 > 1·1.5: scaled by 1.5/4
    CHECK(w[1] == Approx(-3));
}

TEST_CASE("clip_norm_growth: bad hyperparameters are refused", "[modules][clip_norm_growth][errors]") {
    REQUIRE_THROWS_WITH(clip_norm_growth<>{.add = -1}.validate(), Catch::Contains("tzero: clip_norm_growth: add"));
    REQUIRE_THROWS_WITH(clip_norm_growth<>{.mul = 0}.validate(), Catch::Contains("tzero: clip_norm_growth: mul"));
    REQUIRE_THROWS_WITH(clip_norm_growth<>{.max_decay = 0}.validate(), Catch::Contains("max_decay"));
    REQUIRE_THROWS_WITH(clip_norm_growth<>{.min_value = -1}.validate(), Catch::Contains("min_value"));
    REQUIRE_THROWS_WITH(clip_norm_growth<>{.ord = NAN}.validate(),
                        Catch::Contains("tzero: clip_norm_growth: ord must be a number"));
    CHECK_NOTHROW(clip_norm_growth<>{.ord = -INFINITY}.validate());
}
