#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

TEMPLATE_TEST_CASE("noise_sign: random magnitudes with the update's signs", "[modules][noise_sign]", float, double) {
    using T = TestType;
    std::vector<T> g(2001);
    for (std::size_t i = 0; i < g.size(); ++i) g[i] = T(i % 3 == 0 ? -1.5 : (i % 3 == 1 ? 2.0 : 0.0));
    tzero_test::harness<T, noise_sign<>> h(
        noise_sign{.distribution = sample_distribution::uniform, .variance = 1.0 / 3}, std::vector<T>(g.size()));
    auto const u = h.step(g);
    double s = 0;
    for (std::size_t i = 0; i < g.size(); ++i) {
        INFO(i);
        REQUIRE((g[i] < 0 ? u[i] <= 0 : u[i] >= 0));    // a zero update counts as positive
        REQUIRE(std::abs(double(u[i])) <= 1.0 + 1e-6);  // U(−1, 1) magnitudes
        s += std::abs(double(u[i]));
    }
    CHECK(std::abs(s / double(g.size()) - 0.5) < 0.04);
}

TEST_CASE("noise_sign: printing and validation", "[modules][noise_sign][errors]") {
    CHECK(describe(noise_sign{}) == "noise_sign(distribution=normal, variance=nan, seed=0)");
    CHECK_THROWS_WITH(noise_sign{.variance = -2}.validate(), Contains("tzero: noise_sign: variance must be"));
}
