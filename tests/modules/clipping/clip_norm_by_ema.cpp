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
    optimizer opt{clip_norm_by_ema<>{.beta = 0.5}, std::vector<tensor_view<double>>{tensor_view<double>(p.data(), {2})}};
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

TEMPLATE_TEST_CASE("normalize_by_ema: the update gets the average's norm", "[modules][clip_norm_by_ema]", float, double) {
    using T = TestType;
    std::vector<T> p{T(0), T(0)}, g{T(0.3), T(0.4)};
    auto const inf = std::numeric_limits<double>::infinity();
    optimizer opt{normalize_by_ema<>{.beta = 0, .max_ema_growth = inf, .init = 0},
                  std::vector<tensor_view<T>>{tensor_view<T>(p.data(), {2})}};
    opt.step(std::vector<tensor_view<T const>>{tensor_view<T const>(g.data(), {2})});
    CHECK(p[0] == Approx(-0.3));  // beta 0: the average is the update, so its norm is kept
    CHECK(p[1] == Approx(-0.4));
}

TEST_CASE("clip_norm_by_ema: bad hyperparameters are refused", "[modules][clip_norm_by_ema][errors]") {
    REQUIRE_THROWS_WITH(clip_norm_by_ema<>{.beta = 2}.validate(), Catch::Contains("tzero: clip_norm_by_ema: beta"));
    REQUIRE_THROWS_WITH(normalize_by_ema<>{.max_ema_growth = 0}.validate(),
                        Catch::Contains("tzero: normalize_by_ema: max_ema_growth"));
    REQUIRE_THROWS_WITH(clip_norm_by_ema<>{.ord = -1}.validate(), Catch::Contains("ord"));
    REQUIRE_THROWS_WITH(clip_norm_by_ema<>{.min_norm = -1}.validate(), Catch::Contains("min_norm"));
}
