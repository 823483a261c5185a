#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(elementwise_module<dropout<>> && reduce_module<dropout<grafted_t>>);
static_assert(plan_of<decltype(adam() | dropout(0.5, grafted) | lr(0.1))>::passes == 2);

TEMPLATE_TEST_CASE("dropout: zeroes a fraction p and keeps the rest as it is", "[modules][dropout]", float, double) {
    using T = TestType;
    std::vector<T> const g(5000, T(2));
    tzero_test::harness<T, dropout<>> h(dropout{.p = 0.3}, std::vector<T>(g.size()));
    auto const u = h.step(g);
    std::size_t zeros = 0;
    for (T x : u) {
        REQUIRE((x == T(0) || x == T(2)));
        zeros += x == T(0);
    }
    CHECK(std::abs(double(zeros) / 5000 - 0.3) < 0.03);
    CHECK(h.step(g) != u);  // a new mask every step
    tzero_test::harness<T, dropout<>> none(dropout{.p = 0}, std::vector<T>(3)), all(dropout{.p = 1}, std::vector<T>(3));
    CHECK(none.step({T(1), T(-2), T(3)}) == std::vector<T>{T(1), T(-2), T(3)});
    CHECK(all.step({T(1), T(-2), T(3)}) == std::vector<T>{T(0), T(0), T(0)});
}

TEMPLATE_TEST_CASE("dropout(grafted): the kept update rescaled to the norm before dropout", "[modules][dropout]", float,
                   double) {
    using T = TestType;
    tzero_test::tensor_list<T> p({{40, 3}, {77}}), g({{40, 3}, {77}});
    p.fill_normal(1);
    g.fill_normal(2);
    auto const before = p.values;
    optimizer opt(dropout(0.5, grafted), p.views());
    opt.step(g.const_views());
    double n_u = 0, n_g = 0;
    std::size_t kept = 0;
    for (std::size_t t = 0; t < 2; ++t)
        for (std::size_t i = 0; i < p.values[t].size(); ++i) {
            double const u = double(before[t][i]) - double(p.values[t][i]);
            n_u += u * u;
            n_g += double(g.values[t][i]) * g.values[t][i];
            kept += u != 0;
        }
    CHECK(std::sqrt(n_u) == Approx(std::sqrt(n_g)).epsilon(1e-5));
    CHECK(kept > 60);
    CHECK(kept < 137);
    CHECK(dropout(1.0, grafted).finalize(reduction<2>{{4, 0}, 3, nullptr, 1}) == 0);  // all dropped: stays 0
}

TEST_CASE("dropout: printing and validation", "[modules][dropout][errors]") {
    CHECK(describe(dropout(0.25, grafted)) == "dropout(p=0.25, graft=grafted, seed=0)");
    CHECK_THROWS_WITH(dropout<>{.p = 1.5}.validate(), Contains("tzero: dropout: p must be in [0, 1]"));
    CHECK_THROWS_AS(dropout<>{.p = std::nan("")}.validate(), error);
}
