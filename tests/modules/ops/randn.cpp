#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

static_assert(elementwise_module<randn> && plan_of<decltype(randn() | lr(1))>::passes == 1);

TEMPLATE_TEST_CASE("randn: standard normal updates, a function of seed step and element", "[modules][randn]", float,
                   double) {
    using T = TestType;
    std::vector<T> const g(4001, T(3));
    tzero_test::harness<T, randn> a(randn{}, std::vector<T>(g.size())), b(randn{}, std::vector<T>(g.size())),
        c(randn{.seed = 1}, std::vector<T>(g.size()));
    auto const u1 = a.step(g), u2 = a.step(g);
    CHECK(b.step(g) == u1);  // the same seed: the same numbers
    CHECK(u2 != u1);         // another step: others
    CHECK(c.step(g) != u1);  // another seed: others
    double s = 0, s2 = 0;
    for (T x : u1) s += x, s2 += double(x) * x;
    CHECK(std::abs(s / 4001) < 0.08);
    CHECK(std::abs(s2 / 4001 - 1) < 0.1);
    CHECK(describe(randn{.seed = 3}) == "randn(seed=3)");
}
