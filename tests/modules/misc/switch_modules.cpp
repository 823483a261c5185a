#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <vector>

#include <tzero/tzero.hpp>

#include "modules/ops/operands_support.hpp"

using namespace tzero;
using Catch::Contains;

TEST_CASE("switch_modules: whose turn each step is, and each chain's own step count", "[modules][switch_modules]") {
    std::array<std::size_t, 8> const expected = {0, 0, 1, 1, 1, 2, 2, 2};
    for (long t = 1; t <= 8; ++t) {
        INFO("step " << t);
        CHECK(detail::schedule_at<3>(t, std::array{2, 3}, false).index == expected[std::size_t(t - 1)]);
    }
    CHECK(detail::schedule_at<3>(8, std::array{2, 3}, false).counts == std::array<long, 3>{2, 3, 3});
    CHECK(detail::schedule_at<1>(5, std::array<int, 0>{}, false).counts == std::array<long, 1>{5});
}

TEMPLATE_TEST_CASE("switch_modules: runs each chain its steps, then stays on the last", "[modules][switch_modules]",
                   float, double) {
    using T = TestType;
    auto const u =
        operands_test::run<T>(switch_modules(2, mul(1.0), mul(-1.0), mul(3.0)), std::vector<std::vector<T>>(7, {T(1)}));
    std::vector<T> const expected = {1, 1, -1, -1, 3, 3, 3};
    for (std::size_t i = 0; i < u.size(); ++i) CHECK(u[i][0] == Approx(expected[i]));
    auto const v = operands_test::run<T>(switch_modules({1, 3}, mul(1.0), mul(-1.0), mul(3.0)),
                                         std::vector<std::vector<T>>(6, {T(1)}));
    std::vector<T> const expected_v = {1, -1, -1, -1, 3, 3};
    for (std::size_t i = 0; i < v.size(); ++i) CHECK(v[i][0] == Approx(expected_v[i]));
}

TEMPLATE_TEST_CASE("switch_modules: a chain's state is its own, untouched when it does not run",
                   "[modules][switch_modules]", float, double) {
    using T = TestType;
    auto const m = switch_modules(1, accumulate_sum(), accumulate_sum() | mul(10.0));
    using M = std::remove_cvref_t<decltype(m)>;
    STATIC_REQUIRE(M::state_slots == 2);
    STATIC_REQUIRE(plan_of<decltype(clip_value(1) | m | lr(0.1))>::passes == 1);
    tzero_test::harness<T, M> h(m, std::vector<T>(1, T(0)));
    CHECK(h.step({T(1)})[0] == T(1));
    CHECK(h.step({T(1)})[0] == Approx(10));
    CHECK(h.step({T(1)})[0] == Approx(20));
    CHECK(h.optimizer().state(0, 0)[0] == T(1));
    CHECK(h.optimizer().state(1, 0)[0] == T(2));
}

TEST_CASE("switch_modules: printing and validation", "[modules][switch_modules][errors]") {
    auto m = switch_modules({100, 200}, sign(), negate(), lr(0.5));
    using M = std::remove_cvref_t<decltype(m)>;
    STATIC_REQUIRE(module<M>);
    STATIC_REQUIRE(std::is_trivially_copyable_v<M>);
    CHECK(describe(m) == "switch_modules(modules=[[sign()], [negate()], [lr(lr=0.5)]], steps=[100, 200])");
    CHECK(describe(switch_modules(5, sign())) == "switch_modules(modules=[[sign()]], steps=[])");
    m.steps[0] = 0;
    CHECK_THROWS_WITH(m.validate(), Contains("tzero: switch_modules: steps must be >= 1") && Contains("got 0"));
    CHECK_THROWS_AS((switch_modules<branch<chain<sign>>, branch<chain<sign>>>{}.validate()), error);  // steps required
}
