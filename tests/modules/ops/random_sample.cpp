#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(elementwise_module<random_sample<>> && elementwise_module<noise_sign<>>);
static_assert(reduce_module<random_sample<sphere_t>> && reduce_module<noise_sign<sphere_t>>);
static_assert(plan_of<decltype(random_sample() | lr(0.1))>::passes == 1);
static_assert(plan_of<decltype(adam() | random_sample{.distribution = sphere} | lr(0.1))>::passes == 2);
static_assert(plan_of<decltype(noise_sign(sphere, 2.0))>::passes == 2);

namespace {
template <class T>
std::vector<T> draw(random_sample<> const& m, std::size_t n = 4001) {
    tzero_test::harness<T, random_sample<>> h(m, std::vector<T>(n));
    return h.step(std::vector<T>(n, T(1)));
}
/// The update of `m` at its first step over the tensors of `shapes` (gradients N(0, 1), seed 2;
/// parameters 0, so the update is read back exactly).
template <class T, class M>
std::vector<std::vector<T>> updates(M m, std::vector<std::vector<std::size_t>> const& shapes,
                                    optimizer_options o = {}) {
    tzero_test::tensor_list<T> p(shapes), g(shapes);
    g.fill_normal(2);
    auto u = p.values;
    optimizer opt{m, p.views(), o};
    opt.step(g.const_views());
    for (std::size_t t = 0; t < u.size(); ++t)
        for (std::size_t i = 0; i < u[t].size(); ++i) u[t][i] -= p.values[t][i];
    return u;
}
double norm(auto const& tensors) {
    double s = 0;
    for (auto const& v : tensors)
        for (auto x : v) s += double(x) * double(x);
    return std::sqrt(s);
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

TEMPLATE_TEST_CASE(
    "random_sample: sphere is the normal sample scaled to norm 1 or variance times root n over all parameters",
    "[modules][random_sample]", float, double) {
    using T = TestType;
    std::vector<std::vector<std::size_t>> const shapes{{40, 3}, {77}, {5}};
    double const n = 40 * 3 + 77 + 5;
    double const eps = sizeof(T) == 4 ? 1e-5 : 1e-12;
    auto const unit = updates<T>(random_sample{.distribution = sphere, .seed = 7}, shapes);
    CHECK(norm(unit) == Approx(1).epsilon(eps));
    auto const scaled = updates<T>(random_sample{.distribution = sphere, .variance = 0.5, .seed = 7}, shapes);
    CHECK(norm(scaled) == Approx(0.5 * std::sqrt(n)).epsilon(eps));
    // the direction is the normal sample's: the same draws, normalized
    auto const z = updates<T>(random_sample{.seed = 7}, shapes);
    double const nz = norm(z);
    for (std::size_t t = 0; t < shapes.size(); ++t)
        for (std::size_t i = 0; i < z[t].size(); ++i) {
            INFO(t << " " << i);
            REQUIRE(double(unit[t][i]) == Approx(double(z[t][i]) / nz).epsilon(eps).margin(eps));
            REQUIRE(double(scaled[t][i]) == Approx(0.5 * std::sqrt(n) * double(unit[t][i])).epsilon(eps).margin(eps));
        }
    // noise_sign: the same magnitudes, the update's signs (the gradient here)
    tzero_test::tensor_list<T> g(shapes);
    g.fill_normal(2);
    auto const signed_ = updates<T>(noise_sign{.distribution = sphere, .seed = 7}, shapes);
    CHECK(norm(signed_) == Approx(1).epsilon(eps));
    for (std::size_t t = 0; t < shapes.size(); ++t)
        for (std::size_t i = 0; i < z[t].size(); ++i) {
            INFO(t << " " << i);
            REQUIRE(std::abs(signed_[t][i]) == std::abs(unit[t][i]));
            REQUIRE(std::signbit(signed_[t][i]) == std::signbit(g.values[t][i]));
        }
    // any thread count and chunk size
    auto const one = updates<T>(random_sample{.distribution = sphere, .seed = 7}, shapes,
                                {.chunk_size = 1 << 20, .parallel_threshold = std::size_t(-1)});
    CHECK(updates<T>(random_sample{.distribution = sphere, .seed = 7}, shapes,
                     {.chunk_size = 7, .parallel_threshold = 0}) == one);
    CHECK(updates<T>(random_sample{.distribution = sphere, .seed = 7}, shapes,
                     {.chunk_size = 64, .parallel_threshold = 0}) == one);
    // every draw 0, or no elements: 0, not NaN
    CHECK(random_sample(sphere).finalize(0, 0) == 0);
    CHECK(random_sample(sphere, 2.0).finalize(4, 9) == 3);
}

TEST_CASE("random_sample: printing and validation", "[modules][random_sample][errors]") {
    CHECK(describe(random_sample{.distribution = sample_distribution::uniform, .variance = 2, .seed = 1}) ==
          "random_sample(distribution=uniform, variance=2, seed=1)");
    CHECK(describe(random_sample{.distribution = sphere, .variance = 0.5}) ==
          "random_sample(distribution=sphere, variance=0.5, seed=0)");
    CHECK(describe(noise_sign{.distribution = sphere, .seed = 5}) ==
          "noise_sign(distribution=sphere, variance=nan, seed=5)");
    CHECK_THROWS_WITH(random_sample(sphere, -1.0).validate(), Contains("tzero: random_sample: variance must be"));
    CHECK_THROWS_WITH((noise_sign{.distribution = sphere, .variance = INFINITY}.validate()),
                      Contains("tzero: noise_sign: variance must be"));
    CHECK_NOTHROW(random_sample{}.validate());  // NaN variance: none
    CHECK_THROWS_WITH(random_sample{.variance = -1}.validate(), Contains("tzero: random_sample: variance must be"));
    CHECK_THROWS_AS(random_sample{.variance = INFINITY}.validate(), error);
}
