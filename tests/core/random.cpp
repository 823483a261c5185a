// core/random.hpp: draws are pure functions of (key, tensor, index, stream): the same in a SIMD
// batch as one by one, the same on any thread count or chunk size; and they look random
// (moments, independence of neighbours, of streams and of steps).
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include <tzero/core/random.hpp>
#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

TEMPLATE_TEST_CASE("random: a batch draws what its lanes draw one by one", "[core][random]", float, double) {
    using T = TestType;
    using B = xsimd::batch<T>;
    std::uint64_t const key = random::step_key(42, 3);
    for (std::uint64_t base : {std::uint64_t(0), std::uint64_t(5), std::uint64_t(1) << 33}) {
        B const u = random::uniform<B>(key, position{base, 2}), n = random::normal<B>(key, position{base, 2});
        for (std::size_t l = 0; l < B::size; ++l) {
            CHECK(u.get(l) == random::uniform<T>(key, position{base + l, 2}));
            CHECK(n.get(l) == random::normal<T>(key, position{base + l, 2}));
        }
    }
}

TEMPLATE_TEST_CASE("random: uniform and normal moments over 200000 draws", "[core][random]", float, double) {
    using T = TestType;
    std::uint64_t const key = random::step_key(0, 1);
    double su = 0, su2 = 0, sn = 0, sn2 = 0, sn4 = 0, lo = 1, hi = 0, lag = 0;
    int const n = 200000;
    T prev = 0;
    for (int i = 0; i < n; ++i) {
        T const u = random::uniform<T>(key, position{std::uint64_t(i), 0});
        REQUIRE(u >= T(0));
        REQUIRE(u < T(1));
        lo = std::min(lo, double(u));
        hi = std::max(hi, double(u));
        su += u;
        su2 += double(u) * u;
        lag += (double(u) - 0.5) * (double(prev) - 0.5);
        prev = u;
        double const z = random::normal<T>(key, position{std::uint64_t(i), 1});
        sn += z;
        sn2 += z * z;
        sn4 += z * z * z * z;
    }
    // 5 standard errors or so
    CHECK(std::abs(su / n - 0.5) < 5 * std::sqrt(1.0 / 12 / n));
    CHECK(std::abs(su2 / n - su / n * su / n - 1.0 / 12) < 2e-3);
    CHECK(std::abs(lag / n) < 5 * (1.0 / 12) / std::sqrt(double(n)));  // neighbours uncorrelated
    CHECK(lo < 1e-4);
    CHECK(hi > 1 - 1e-4);
    CHECK(std::abs(sn / n) < 5 / std::sqrt(double(n)));
    CHECK(std::abs(sn2 / n - 1) < 0.02);
    CHECK(std::abs(sn4 / n - 3) < 0.15);  // the normal's kurtosis
}

TEST_CASE("random: steps, seeds, tensors and streams draw independent numbers", "[core][random]") {
    auto const correlation = [](auto const& f, auto const& g) {
        double sfg = 0;
        int const n = 50000;
        for (int i = 0; i < n; ++i) sfg += (f(i) - 0.5) * (g(i) - 0.5);
        return sfg / n / (1.0 / 12);
    };
    auto const at = [](std::uint64_t seed, long t, std::uint32_t tensor, std::uint32_t stream) {
        return [=](int i) {
            return random::uniform<double>(random::step_key(seed, t), position{std::uint64_t(i), tensor}, stream);
        };
    };
    CHECK(std::abs(correlation(at(0, 1, 0, 0), at(0, 2, 0, 0))) < 0.03);
    CHECK(std::abs(correlation(at(0, 1, 0, 0), at(1, 1, 0, 0))) < 0.03);
    CHECK(std::abs(correlation(at(0, 1, 0, 0), at(0, 1, 1, 0))) < 0.03);
    CHECK(std::abs(correlation(at(0, 1, 0, 0), at(0, 1, 0, 1))) < 0.03);
    CHECK(random::step_key(0, 1) != random::step_key(0, 2));
    CHECK(random::step_key(0, 1) != random::step_key(1, 1));
}

TEMPLATE_TEST_CASE("random: a randomized chain is the same on any thread count and chunk size", "[core][random]", float,
                   double) {
    using T = TestType;
    auto const c = adam() | dropout(0.3, grafted) | noise_sign{.seed = 4} | lr(0.01);
    auto const run = [&](optimizer_options o) {
        tzero_test::tensor_list<T> p({{37, 11}, {5}, {1000}});
        p.fill_normal(1);
        optimizer opt{c, p.views(), o};
        tzero_test::run_steps(opt, p, 0, 4);
        return p.values;
    };
    auto const one = run({.chunk_size = 1 << 20, .parallel_threshold = std::size_t(-1)});
    CHECK(run({.chunk_size = 64, .parallel_threshold = 0}) == one);
    CHECK(run({.chunk_size = 7, .parallel_threshold = 0}) == one);
}
