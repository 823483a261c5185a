#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

static_assert(plan_of<clip_norm_by_ema<>>::passes == 2);
static_assert(plan_of<clip_norm_by_ema<>>::state_slots == 1);
static_assert(plan_of<clip_norm_by_ema<>>::reduce_slots == 2 && plan_of<clip_norm_by_ema<>>::reduced_width == 2);
static_assert(std::string_view(normalize_by_ema<>::name) == "normalize_by_ema");

TEST_CASE("clip_norm_by_ema: the update is clipped to the average's norm, which grows by at most 1.5",
          "[modules][clip_norm_by_ema]") {
    std::vector<double> p{0, 0};
    optimizer opt{clip_norm_by_ema<>{.beta = 0.5},
                  std::vector<tensor_view<double>>{tensor_view<double>(p.data(), {2})}};
    auto const step = [&](std::vector<double> g) {
        auto const before = p;
        opt.step(std::vector<tensor_view<double const>>{tensor_view<double const>(g.data(), {2})});
        return std::vector<double>{before[0] - p[0], before[1] - p[1]};
    };
    // a = (1.5, 2): ‖a‖ = 2.5 < ‖u‖ = 5, so u is clipped to 2.5; the tracked norm starts at 2.5
    auto u = step({3, 4});
    CHECK(u[0] == Approx(1.5));
    CHECK(opt.state(0, 0)[1] == Approx(2));
    CHECK(opt.reduce_state(0)[0] == Approx(2.5));
    // a = (15.75, 21) has norm 26.25 > 2.5·1.5: a is rescaled to norm 3.75, and u clipped to it
    u = step({30, 40});
    CHECK(std::hypot(u[0], u[1]) == Approx(3.75));
    CHECK(std::hypot(opt.state(0, 0)[0], opt.state(0, 0)[1]) == Approx(3.75));
    CHECK(opt.reduce_state(0)[0] == Approx(3.75));
    // a small update is not scaled up by clip_norm_by_ema
    u = step({0.03, 0.04});
    CHECK(u[1] == Approx(0.04));
}

TEMPLATE_TEST_CASE("normalize_by_ema: the update gets the average's norm", "[modules][clip_norm_by_ema]", float,
                   double) {
    using T = TestType;
    std::vector<T> p{T(0), T(0)}, g{T(0.3), T(0.4)};
    auto const inf = std::numeric_limits<double>::infinity();
    optimizer opt{normalize_by_ema<>{.beta = 0, .max_ema_growth = inf, .init = 0},
                  std::vector<tensor_view<T>>{tensor_view<T>(p.data(), {2})}};
    opt.step(std::vector<tensor_view<T const>>{tensor_view<T const>(g.data(), {2})});
    CHECK(p[0] == Approx(-0.3));  // beta 0: the average is the update, so its norm is kept
    CHECK(p[1] == Approx(-0.4));
}

TEST_CASE("clip_norm_by_ema: the inf-norms of the update and the average are maxima", "[modules][clip_norm_by_ema]") {
    static_assert(reduce_terms_v<clip_norm_by_ema<>> == 6 && reduce_maxima_v<clip_norm_by_ema<>> == 2);
    std::vector<double> p{0, 0, 0};
    optimizer opt{clip_norm_by_ema<>{.beta = 0.5, .ord = INFINITY},
                  std::vector<tensor_view<double>>{tensor_view<double>(p.data(), {3})}};
    std::vector<double> g{3, -4, 1};
    opt.step(std::vector<tensor_view<double const>>{tensor_view<double const>(g.data(), {3})});
    // a = g/2: max|a| = 2 < max|u| = 4, so u is clipped to max 2; the tracked norm starts at 2
    CHECK(p[0] == Approx(-1.5));
    CHECK(p[1] == Approx(2));
    CHECK(opt.reduce_state(0)[0] == Approx(2));
    // finalize: the sums unused, the maxima max|u| = 8 and max|a| = 10 > 2·1.5: a rescaled to 3
    auto const m = clip_norm_by_ema<>{.ord = INFINITY};
    double state[2] = {2, 1};
    auto const r = m.finalize(reduction<6, 2>{{0, 0, 0, 0, 8, 10}, 3, state, 2});
    CHECK(r[0] == Approx(3.0 / 8));
    CHECK(r[1] == Approx(0.3));
    CHECK(state[0] == Approx(3));
    // −∞: minus the maxima of −|x|
    auto const n = normalize_by_ema<>{.ord = -INFINITY};
    double fresh[2] = {0, 0};
    auto const s = n.finalize(reduction<6, 2>{{0, 0, 0, 0, -0.5, -0.25}, 3, fresh, 1});
    CHECK(s[0] == Approx(0.5));  // min|a| / min|u|
    CHECK(s[1] == 1);
}

TEST_CASE("clip_norm_by_ema: bad hyperparameters are refused", "[modules][clip_norm_by_ema][errors]") {
    REQUIRE_THROWS_WITH(clip_norm_by_ema<>{.beta = 2}.validate(), Catch::Contains("tzero: clip_norm_by_ema: beta"));
    REQUIRE_THROWS_WITH(normalize_by_ema<>{.max_ema_growth = 0}.validate(),
                        Catch::Contains("tzero: normalize_by_ema: max_ema_growth"));
    REQUIRE_THROWS_WITH(clip_norm_by_ema<>{.ord = NAN}.validate(),
                        Catch::Contains("tzero: clip_norm_by_ema: ord must be a number"));
    REQUIRE_THROWS_WITH(normalize_by_ema<>{.ord = NAN}.validate(),
                        Catch::Contains("tzero: normalize_by_ema: ord must be a number"));
    CHECK_NOTHROW(clip_norm_by_ema<>{.ord = INFINITY}.validate());
    CHECK_NOTHROW(clip_norm_by_ema<>{.ord = 0}.validate());
    REQUIRE_THROWS_WITH(clip_norm_by_ema<>{.min_norm = -1}.validate(), Catch::Contains("min_norm"));
}

TEMPLATE_TEST_CASE("clip_norm_by_ema: inner runs on the update after the norms are taken from it",
                   "[modules][clip_norm_by_ema]", float, double) {
    using T = TestType;
    // step 1: a = {1.5, 2}, n = ‖u‖ = 5 (not ‖inner(u)‖ = 10), n_a = 2.5: inner(u) / 2
    // step 2: a = {0.75, 1.5}, n = 1 < n_a: inner(u) as it is (clip), or inner(u)·n_a (normalize)
    auto const c = clip_norm_by_ema<>{.beta = 0.5}.with_inner(mul(2.0));
    tzero_test::harness<T, decltype(c)> h(c, {T(0), T(0)});
    CHECK(h.step({T(3), T(4)}) == std::vector<T>{T(3), T(4)});
    CHECK(h.step({T(0), T(1)}) == std::vector<T>{T(0), T(2)});
    auto const n = normalize_by_ema<global_t>{.beta = 0.5}.with_inner(mul(2.0));
    tzero_test::harness<T, decltype(n)> g(n, {T(0), T(0)});
    CHECK(g.step({T(3), T(4)}) == std::vector<T>{T(3), T(4)});
    CHECK(g.step({T(0), T(1)})[1] == Approx(2 * std::sqrt(2.8125)));
    // a stateful inner chain steps once a step, its slot after the average: ema = {1.5, 2}, then {0.75, 1.5}
    auto const e = clip_norm_by_ema<>{.beta = 0.5}.with_inner(ema(0.5));
    tzero_test::harness<T, decltype(e)> s(e, {T(0), T(0)});
    CHECK(s.step({T(3), T(4)}) == std::vector<T>{T(0.75), T(1)});
    CHECK(s.step({T(0), T(1)}) == std::vector<T>{T(0.75), T(1.5)});
}

TEST_CASE("clip_norm_by_ema: an inner chain prints and validates", "[modules][clip_norm_by_ema][errors]") {
    static_assert(plan_of<decltype(clip_norm_by_ema<>{}.with_inner(ema(0.5)))>::state_slots == 2);
    CHECK(describe(normalize_by_ema<>{}.with_inner(sign())) ==
          "normalize_by_ema(beta=0.99, ord=2, scope=per_tensor, max_ema_growth=1.5, init=0, min_norm=1e-06, "
          "inner=[sign()])");
    CHECK_THROWS_WITH(validate(clip_norm_by_ema<>{}.with_inner(ema(2.0))), Catch::Contains("ema"));
}
