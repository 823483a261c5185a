#include <catch2/catch.hpp>

#include <cmath>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(plan_of<decltype(adam() | intermodule_cautious(ema(), sign()) | lr(0.1))>::passes == 1);
static_assert(plan_of<decltype(adam() | intermodule_cautious(ema(), sign(), normalized) | lr(0.1))>::passes == 2);

TEMPLATE_TEST_CASE("intermodule_cautious: the three modes between main(u) and compare(u)",
                   "[modules][intermodule_cautious]", float, double) {
    using T = TestType;
    // main = u, compare = −u + 1: agree where 0 < u < 1
    std::vector<T> const g = {T(0.5), T(2), T(-1), T(0)};
    auto const zero = intermodule_cautious(identity(), negate() | add(1.0));
    tzero_test::harness<T, decltype(zero)> hz(zero, std::vector<T>(4));
    CHECK(hz.step(g) == std::vector<T>{T(0.5), T(0), T(0), T(0)});
    auto const grad = intermodule_cautious<branch<chain<identity>>, branch<chain<negate, add<>>>>{
        .compare = negate() | add(1.0), .mode = cautious_mode::grad};
    tzero_test::harness<T, decltype(grad)> hg(grad, std::vector<T>(4));
    CHECK(hg.step(g) == std::vector<T>{T(0.5), T(-1), T(2), T(1)});  // where they disagree: compare(u)
    auto back = grad;
    back.mode = cautious_mode::backtrack;
    tzero_test::harness<T, decltype(back)> hb(back, std::vector<T>(4));
    CHECK(hb.step(g) == std::vector<T>{T(0.5), T(-2), T(1), T(0)});
}

TEMPLATE_TEST_CASE("intermodule_cautious(normalized): the kept main(u) over the mask's mean",
                   "[modules][intermodule_cautious]", float, double) {
    using T = TestType;
    tzero_test::tensor_list<T> p{{{3}, {1}}}, g{{{3}, {1}}};
    p.values = {{T(0), T(0), T(0)}, {T(0)}};
    g.values = {{T(0.5), T(2), T(-1)}, {T(0.25)}};
    optimizer opt(intermodule_cautious(identity(), negate() | add(1.0), normalized), p.views());
    opt.step(g.const_views());
    // mask (1, 0, 0 | 1): mean 1/2 → kept values doubled
    CHECK(p.values[0] == std::vector<T>{T(-1), T(0), T(0)});
    CHECK(p.values[1][0] == T(-0.5));
}

TEMPLATE_TEST_CASE("intermodule_cautious: main's state, then compare's, stepped once a step",
                   "[modules][intermodule_cautious]", float, double) {
    using T = TestType;
    auto const m = intermodule_cautious(accumulate_sum(), accumulate_sum() | add(-3.0), normalized);
    STATIC_REQUIRE(decltype(m)::state_slots == 2);
    tzero_test::harness<T, decltype(m)> h(m, {T(0)});
    CHECK(h.step({T(1)})[0] == T(0));  // sums 1 and 1 − 3: disagree
    CHECK(h.step({T(1)})[0] == T(0));  // 2 and −1
    CHECK(h.step({T(2)})[0] == T(4));  // 4 and 1: agree, the only element: mean 1
}

TEST_CASE("intermodule_cautious: printing and validation", "[modules][intermodule_cautious][errors]") {
    auto m = intermodule_cautious(sign(), identity(), normalized);
    CHECK(describe(m) ==
          "intermodule_cautious(main=[sign()], compare=[identity()], normalize=normalized, eps=1e-06, mode=zero)");
    m.mode = cautious_mode::grad;
    CHECK_THROWS_WITH(m.validate(), Contains("tzero: intermodule_cautious: normalization applies to mode zero only"));
    m.mode = cautious_mode::zero;
    m.eps = 0;
    CHECK_THROWS_WITH(m.validate(), Contains("tzero: intermodule_cautious: eps must be > 0"));
}
