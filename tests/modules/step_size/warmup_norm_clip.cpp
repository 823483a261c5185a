#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(plan_of<warmup_norm_clip>::passes == 2 && plan_of<warmup_norm_clip>::state_slots == 0);
static_assert(plan_of<decltype(adam() | warmup_norm_clip() | lr(0.1))>::passes == 2);

TEMPLATE_TEST_CASE("warmup_norm_clip: the norm limit rises linearly over steps, then is lifted",
                   "[modules][warmup_norm_clip]", float, double) {
    using T = TestType;
    // ‖{3, 4}‖ = 5; k = t − 1: limits 0.5, 1, 1.5, then none
    tzero_test::harness<T, warmup_norm_clip> h(warmup_norm_clip{.steps = 2, .start_norm = 0.5, .end_norm = 1.5},
                                               {T(0), T(0)});
    double const limits[] = {0.5, 1, 1.5, 5, 5};
    for (double m : limits) {
        auto const u = h.step({T(3), T(4)});
        INFO("limit " << m);
        CHECK(u[0] == Approx(0.6 * m));
        CHECK(u[1] == Approx(0.8 * m));
    }
    // below the limit, and zero: untouched
    tzero_test::harness<T, warmup_norm_clip> s(warmup_norm_clip{.steps = 2, .start_norm = 0.5}, {T(0), T(0)});
    CHECK(s.step({T(0.3), T(-0.4)}) == std::vector<T>{T(0.3), T(-0.4)});
    CHECK(s.step({T(0), T(0)}) == std::vector<T>{T(0), T(0)});
    // finalize: the defaults, 100 steps from 1e-5 to 1
    warmup_norm_clip const d;
    CHECK(d.finalize(reduction<1>{{1.0}, 1, nullptr, 1}) == Approx(1e-5));
    CHECK(d.finalize(reduction<1>{{4.0}, 1, nullptr, 51}) == Approx((1e-5 + (1 - 1e-5) * 0.5) / 2));
    CHECK(d.finalize(reduction<1>{{4.0}, 1, nullptr, 101}) == 0.5);
    CHECK(d.finalize(reduction<1>{{4.0}, 1, nullptr, 102}) == 1);
    CHECK(describe(d) == "warmup_norm_clip(steps=100, start_norm=1e-05, end_norm=1)");
}

TEST_CASE("warmup_norm_clip: steps >= 1, norms finite and >= 0", "[modules][warmup_norm_clip][errors]") {
    CHECK_THROWS_WITH(warmup_norm_clip{.steps = 0}.validate(),
                      Contains("tzero: warmup_norm_clip: steps must be >= 1") && Contains("got 0"));
    CHECK_THROWS_WITH(warmup_norm_clip{.start_norm = -1}.validate(),
                      Contains("tzero: warmup_norm_clip: start_norm must be a finite number >= 0"));
    CHECK_THROWS_WITH(warmup_norm_clip{.end_norm = std::numeric_limits<double>::infinity()}.validate(),
                      Contains("tzero: warmup_norm_clip: end_norm must be a finite number >= 0"));
}
