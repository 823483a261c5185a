#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

namespace {
template <class T>
std::vector<T> draw(random_sample const& m, std::size_t n = 4001) {
    tzero_test::harness<T, random_sample> h(m, std::vector<T>(n));
    return h.step(std::vector<T>(n, T(1)));
}
double average(auto const& v, auto f) {
    double s = 0;
    for (auto x : v) s += f(double(x));
    return s / double(v.size());
}
}  // namespace

TEMPLATE_TEST_CASE("random_sample: normal, uniform and rademacher, scaled as torchzero's sample_like",
                   "[modules][random_sample]", float, double) {
    using T = TestType;
    auto sq = [](double x) { return x * x; };
    // normal: torchzero multiplies by `variance` (a scale): second moment variance²
    CHECK(std::abs(average(draw<T>(random_sample{.variance = 2}), sq) - 4) < 0.4);
    CHECK(std::abs(average(draw<T>(random_sample{}), sq) - 1) < 0.1);
    // uniform: bound √(12·variance)/2, so the variance is `variance`
    auto const u = draw<T>(random_sample{.distribution = sample_distribution::uniform, .variance = 3});
    CHECK(std::abs(average(u, sq) - 3) < 0.2);
    for (T x : u) REQUIRE(std::abs(double(x)) <= 3.0 + 1e-6);
    // rademacher: ±variance
    auto const r = draw<T>(random_sample{.distribution = sample_distribution::rademacher, .variance = 0.5});
    for (T x : r) REQUIRE(std::abs(x) == T(0.5));
    CHECK(std::abs(average(r, [](double x) { return x; })) < 0.03);
}

TEST_CASE("random_sample: printing and validation", "[modules][random_sample][errors]") {
    CHECK(describe(random_sample{.distribution = sample_distribution::uniform, .variance = 2, .seed = 1}) ==
          "random_sample(distribution=uniform, variance=2, seed=1)");
    CHECK_NOTHROW(random_sample{}.validate());  // NaN variance: none
    CHECK_THROWS_WITH(random_sample{.variance = -1}.validate(), Contains("tzero: random_sample: variance must be"));
    CHECK_THROWS_AS(random_sample{.variance = INFINITY}.validate(), error);
}
