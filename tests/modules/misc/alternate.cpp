#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <vector>

#include <tzero/tzero.hpp>

#include "modules/ops/operands_support.hpp"

using namespace tzero;
using Catch::Contains;

TEST_CASE("alternate: whose turn each step is, and each chain's own step count", "[modules][alternate]") {
    std::array<std::size_t, 8> const expected = {0, 0, 1, 1, 1, 0, 0, 1};
    for (long t = 1; t <= 8; ++t) {
        auto const s = detail::schedule_at<2>(t, std::array{2, 3}, true);
        INFO("step " << t);
        CHECK(s.index == expected[std::size_t(t - 1)]);
    }
    auto const s = detail::schedule_at<2>(8, std::array{2, 3}, true);  // 0 ran on 1, 2, 6, 7; 1 on 3, 4, 5, 8
    CHECK(s.counts == std::array<long, 2>{4, 4});
    auto const first = detail::schedule_at<3>(1, std::array{1, 1, 1}, true);
    CHECK(first.counts == std::array<long, 3>{1, 1, 1});  // not run yet: 1, its scalars unused
}

TEMPLATE_TEST_CASE("alternate: runs one chain a step, in turn, and loops", "[modules][alternate]", float, double) {
    using T = TestType;
    auto const u = operands_test::run<T>(alternate(mul(1.0), mul(-1.0)), std::vector<std::vector<T>>(4, {T(2)}));
    CHECK((u[0][0] == T(2) && u[1][0] == T(-2) && u[2][0] == Approx(2) && u[3][0] == Approx(-2)));
    auto const v =
        operands_test::run<T>(alternate({2, 1}, mul(1.0), mul(-1.0)), std::vector<std::vector<T>>(6, {T(1)}));
    std::vector<T> const signs = {1, 1, -1, 1, 1, -1};
    for (std::size_t i = 0; i < v.size(); ++i) CHECK(v[i][0] == Approx(signs[i]));
    auto const w = operands_test::run<T>(alternate(2, mul(1.0), mul(-1.0)), std::vector<std::vector<T>>(5, {T(1)}));
    CHECK((w[1][0] == Approx(1) && w[2][0] == Approx(-1) && w[3][0] == Approx(-1) && w[4][0] == Approx(1)));
}

TEMPLATE_TEST_CASE("alternate: a chain's state is untouched on the steps it does not run", "[modules][alternate]",
                   float, double) {
    using T = TestType;
    auto const m = alternate(accumulate_sum(), accumulate_sum() | mul(10.0));
    using M = std::remove_cvref_t<decltype(m)>;
    STATIC_REQUIRE(M::state_slots == 2);
    STATIC_REQUIRE(plan_of<decltype(clip_value(1) | m | lr(0.1))>::passes == 1);
    tzero_test::harness<T, M> h(m, std::vector<T>(1, T(0)));
    CHECK(h.step({T(1)})[0] == T(1));
    CHECK(h.optimizer().state(1, 0)[0] == T(0));
    CHECK(h.step({T(1)})[0] == Approx(10));
    CHECK(h.step({T(1)})[0] == Approx(2));
    CHECK(h.optimizer().state(0, 0)[0] == T(2));
    CHECK(h.optimizer().state(1, 0)[0] == T(1));
}

TEMPLATE_TEST_CASE("alternate: each chain counts its own steps (Adam's bias correction)", "[modules][alternate]", float,
                   double) {
    using T = TestType;
    auto const m = alternate(adam(), sign());
    tzero_test::harness<T, decltype(m)> h(m, std::vector<T>(2, T(0)));
    tzero_test::harness<T, decltype(adam())> a(adam(), std::vector<T>(2, T(0)));
    std::vector<std::vector<T>> const g = {{T(0.5), T(-2)}, {T(3), T(1)}, {T(-1), T(0.25)}, {T(2), T(2)}};
    for (std::size_t t = 0; t < g.size(); ++t) {
        auto const u = h.step(g[t]);
        if (t % 2 == 0) {  // Adam's own steps 1 and 2, fed only the gradients it sees
            auto const expected = a.step(g[t]);
            for (std::size_t i = 0; i < 2; ++i) CHECK(u[i] == Approx(expected[i]).epsilon(1e-5));
        } else {
            for (std::size_t i = 0; i < 2; ++i) CHECK(u[i] == Approx(g[t][i] > 0 ? 1 : -1).epsilon(1e-5));
        }
    }
}

TEST_CASE("alternate: printing and validation", "[modules][alternate][errors]") {
    auto m = alternate({1, 3}, sign(), negate() | lr(0.5));
    using M = std::remove_cvref_t<decltype(m)>;
    STATIC_REQUIRE(module<M>);
    STATIC_REQUIRE(std::is_trivially_copyable_v<M>);
    CHECK(describe(m) == "alternate(modules=[[sign()], [negate() | lr(lr=0.5)]], steps=[1, 3])");
    CHECK(describe(alternate(sign(), negate())) == "alternate(modules=[[sign()], [negate()]], steps=[1, 1])");
    CHECK(describe(alternate(std::array{2, 4}, sign(), negate())) ==
          "alternate(modules=[[sign()], [negate()]], steps=[2, 4])");
    m.steps[1] = 0;
    CHECK_THROWS_WITH(m.validate(), Contains("tzero: alternate: steps must be >= 1") && Contains("got 0"));
    CHECK_THROWS_WITH(alternate(-1, sign()).validate(), Contains("tzero: alternate: steps must be >= 1"));
    m.steps[1] = 1;
    m.modules.get<1>().chain.get<lr>().lr = -1;
    CHECK_THROWS_WITH(validate(m), Contains("tzero: lr: lr must be"));
}
