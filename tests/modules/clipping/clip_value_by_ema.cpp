#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <type_traits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(plan_of<clip_value_by_ema>::passes == 1);
static_assert(plan_of<decltype(adam() | clip_value_by_ema() | lr(0.1))>::state_slots == 3);

TEMPLATE_TEST_CASE("clip_value_by_ema: each element is clamped to the average of past magnitudes",
                   "[modules][clip_value_by_ema]", float, double) {
    using T = TestType;
    tzero_test::harness<T, clip_value_by_ema> h(clip_value_by_ema{.beta = 0.5}, std::vector<T>(3, T(0)));
    // a = lerp(0, |u|, 0.5) = (2, 1, 0)
    CHECK(h.step({T(4), T(-2), T(0)}) == std::vector<T>{T(2), T(-1), T(0)});
    // a = lerp((2, 1, 0), (1, 6, 3), 0.5) = (1.5, 3.5, 1.5): the average of the unclipped magnitudes
    CHECK(h.step({T(1), T(-6), T(3)}) == std::vector<T>{T(1), T(-3.5), T(1.5)});
    CHECK(h.optimizer().state(0, 0)[1] == T(3.5));
}

TEMPLATE_TEST_CASE("clip_value_by_ema: init scales the first magnitude the average starts from",
                   "[modules][clip_value_by_ema]", float, double) {
    using T = TestType;
    tzero_test::harness<T, clip_value_by_ema> h(clip_value_by_ema{.beta = 0.9, .init = 1}, std::vector<T>(2, T(0)));
    CHECK(h.step({T(3), T(-0.5)}) == std::vector<T>{T(3), T(-0.5)});  // a₀ = |u|: nothing clipped
    auto const u = h.step({T(13), T(0.25)});                          // a = 0.9·3 + 0.1·13 = 4
    CHECK(u[0] == Approx(4));
    CHECK(u[1] == T(0.25));
}

TEMPLATE_TEST_CASE("clip_value_by_ema: NaN stays NaN in the update and through the average",
                   "[modules][clip_value_by_ema]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    tzero_test::harness<T, clip_value_by_ema> h(clip_value_by_ema{.beta = 0.5}, std::vector<T>(2, T(0)));
    auto u = h.step({nan, T(1)});
    CHECK(std::isnan(u[0]));
    CHECK(u[1] == T(0.5));
    u = h.step({T(1), T(1)});  // a NaN bound gives NaN, as torch.clamp with tensor bounds
    CHECK(std::isnan(u[0]));
    CHECK(u[1] == T(0.75));
}

TEST_CASE("clip_value_by_ema: describe and bad hyperparameters", "[modules][clip_value_by_ema][errors]") {
    CHECK(describe(clip_value_by_ema()) == "clip_value_by_ema(beta=0.99, init=0)");
    CHECK_THROWS_WITH(clip_value_by_ema{.beta = 1.5}.validate(),
                      Contains("tzero: clip_value_by_ema: beta must be in [0, 1]"));
    CHECK_THROWS_WITH(clip_value_by_ema{.init = -1}.validate(), Contains("tzero: clip_value_by_ema: init must be"));
    CHECK_THROWS_WITH(clip_value_by_ema{.init = std::numeric_limits<double>::infinity()}.validate(),
                      Contains("init must be a finite number"));
}

TEMPLATE_TEST_CASE("clip_value_by_ema: inner runs on the update and exp_avg_tfm on a copy of the average",
                   "[modules][clip_value_by_ema]", float, double) {
    using T = TestType;
    auto const c = clip_value_by_ema{.beta = 0.5}.with_inner(mul(3)).with_exp_avg_tfm(mul(0.5));
    tzero_test::harness<T, std::remove_const_t<decltype(c)>> h(c, std::vector<T>(3, T(0)));
    // a = (2, 1, 0) from the unclipped u; 3u = (12, −6, 0) clipped to ±a/2 = ±(1, 0.5, 0)
    CHECK(h.step({T(4), T(-2), T(0)}) == std::vector<T>{T(1), T(-0.5), T(0)});
    // a = lerp((2, 1, 0), (1, 6, 3), 0.5) = (1.5, 3.5, 1.5), stored unhalved; 3u = (3, −18, 9)
    CHECK(h.step({T(1), T(-6), T(3)}) == std::vector<T>{T(0.75), T(-1.75), T(0.75)});
    CHECK(h.optimizer().state(0, 0)[1] == T(3.5));
}

TEMPLATE_TEST_CASE("clip_value_by_ema: the inner chains keep their own state after the average",
                   "[modules][clip_value_by_ema]", float, double) {
    using T = TestType;
    // inner = ema(0.5) of the update: its slot is 1, after a
    auto const c = clip_value_by_ema{.beta = 0.5, .init = 1}.with_inner(ema(0.5));
    static_assert(decltype(c)::state_slots == 2);
    tzero_test::harness<T, std::remove_const_t<decltype(c)>> h(c, std::vector<T>(1, T(0)));
    CHECK(h.step({T(4)}) == std::vector<T>{T(2)});    // a = 4, ema = 2
    CHECK(h.step({T(-8)}) == std::vector<T>{T(-3)});  // a = 6, ema = −3
    CHECK(h.optimizer().state(0, 0)[0] == T(6));
    CHECK(h.optimizer().state(1, 0)[0] == T(-3));
}

TEST_CASE("clip_value_by_ema: inner chains print and validate", "[modules][clip_value_by_ema][errors]") {
    static_assert(std::is_same_v<decltype(clip_value_by_ema{.beta = 0.5}), clip_value_by_ema>);
    CHECK(describe(clip_value_by_ema{.init = 1}.with_exp_avg_tfm(sign()).with_inner(mul(2))) ==
          "clip_value_by_ema(beta=0.99, init=1, inner=[mul(other=2)], exp_avg_tfm=[sign()])");
    CHECK(describe(clip_value_by_ema().with_exp_avg_tfm(sign())) ==
          "clip_value_by_ema(beta=0.99, init=0, exp_avg_tfm=[sign()])");
    CHECK_THROWS_WITH(validate(clip_value_by_ema().with_inner(ema(2.0))), Contains("ema"));
    CHECK_THROWS_WITH(clip_value_by_ema().with_exp_avg_tfm(ema(2.0)) | lr(1), Contains("ema"));
}
