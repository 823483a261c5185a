#include <catch2/catch.hpp>

#include <set>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

TEMPLATE_TEST_CASE("random_step_size: one step size a step, or one per tensor", "[modules][random_step_size]", float,
                   double) {
    using T = TestType;
    tzero_test::tensor_list<T> p({{33}, {17}}), g({{33}, {17}});
    for (auto& v : g.values)
        for (auto& x : v) x = T(1);
    optimizer global{random_step_size{.low = 0.5, .high = 2}, p.views()};
    std::set<double> seen;
    for (int t = 0; t < 20; ++t) {
        for (auto& v : p.values)
            for (auto& x : v) x = T(0);
        global.step(g.const_views());
        T const a = -p.values[0][0];
        CHECK(a >= T(0.5));
        CHECK(a < T(2));
        for (auto const& v : p.values)
            for (T x : v) REQUIRE(x == -a);  // the same for every element of every tensor
        seen.insert(double(a));
    }
    CHECK(seen.size() == 20);

    optimizer each{random_step_size{.parameterwise = true, .seed = 2}, p.views()};
    for (auto& v : p.values)
        for (auto& x : v) x = T(0);
    each.step(g.const_views());
    for (auto const& v : p.values)
        for (T x : v) REQUIRE(x == v[0]);  // one per tensor
    CHECK(p.values[0][0] != p.values[1][0]);
}

TEST_CASE("random_step_size: printing and validation", "[modules][random_step_size][errors]") {
    CHECK(describe(random_step_size{}) == "random_step_size(low=0, high=1, parameterwise=false, seed=0)");
    CHECK_THROWS_WITH((random_step_size{.low = 2, .high = 1}.validate()),
                      Contains("tzero: random_step_size: low and high must be finite numbers, low <= high"));
}
