#include <catch2/catch.hpp>

#include <cmath>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(plan_of<decltype(adam() | scale_modules_by_cosine_similarity(ema(), sign()) | lr(0.1))>::passes == 2);

TEMPLATE_TEST_CASE("scale_modules_by_cosine_similarity: main(u) times cos(main(u), compare(u))",
                   "[modules][scale_modules_by_cosine_similarity]", float, double) {
    using T = TestType;
    tzero_test::tensor_list<T> p{{{3}, {1}}}, g{{{3}, {1}}};
    p.values = {{T(0), T(0), T(0)}, {T(0)}};
    g.values = {{T(1), T(-2), T(0.5)}, {T(3)}};
    // x = 2g = (2, −4, 1 | 6), y = sign(g) + 1 = (2, 0, 2 | 2): x·y = 18, ‖x‖ = √57, ‖y‖ = √12
    optimizer opt(scale_modules_by_cosine_similarity(mul(2.0), sign() | add(1.0)), p.views());
    opt.step(g.const_views());
    double const c = 18 / (std::sqrt(57.0) * std::sqrt(12.0));
    CHECK(p.values[0][0] == Approx(-2 * c));
    CHECK(p.values[0][1] == Approx(4 * c));
    CHECK(p.values[0][2] == Approx(-1 * c));
    CHECK(p.values[1][0] == Approx(-6 * c));
}

TEMPLATE_TEST_CASE("scale_modules_by_cosine_similarity: both chains step their state once a step",
                   "[modules][scale_modules_by_cosine_similarity]", float, double) {
    using T = TestType;
    auto const m = scale_modules_by_cosine_similarity(accumulate_sum(), accumulate_sum() | mul(-1.0));
    STATIC_REQUIRE(decltype(m)::state_slots == 2);
    tzero_test::harness<T, decltype(m)> h(m, {T(0), T(0)});
    // x = −y: cos = −1 every step, x the running sum
    auto const u1 = h.step({T(1), T(2)});
    CHECK(u1[0] == Approx(-1));
    CHECK(u1[1] == Approx(-2));
    auto const u2 = h.step({T(1), T(2)});
    CHECK(u2[0] == Approx(-2));
    CHECK(u2[1] == Approx(-4));
}

TEST_CASE("scale_modules_by_cosine_similarity: printing and validation",
          "[modules][scale_modules_by_cosine_similarity][errors]") {
    auto m = scale_modules_by_cosine_similarity(sign(), ema(), 1e-3);
    CHECK(describe(m) ==
          "scale_modules_by_cosine_similarity(main=[sign()], compare=[ema(momentum=0.9, dampening=0, debias=false, "
          "lerp=true, init=zeros)], eps=0.001)");
    m.eps = 0;
    CHECK_THROWS_WITH(m.validate(), Contains("tzero: scale_modules_by_cosine_similarity: eps must be > 0"));
    m.eps = 1;
    m.compare.chain.template get<0>().momentum = 2;
    CHECK_THROWS_AS(validate(m), error);
}
