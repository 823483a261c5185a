#include <catch2/catch.hpp>

#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

TEMPLATE_TEST_CASE("random_reinitialize: a triggered step lands a fraction of the elements on p0 minus u",
                   "[modules][random_reinitialize]", float, double) {
    using T = TestType;
    std::size_t const n = 4000;
    std::vector<T> p0(n);
    for (std::size_t i = 0; i < n; ++i) p0[i] = T(i % 7) - T(3);
    auto const c = lr(0.5) | random_reinitialize{.p_reinit = 1, .p_weights = 0.25};
    tzero_test::harness<T, decltype(c)> h(c, p0);
    std::vector<T> const g(n, T(1));
    h.step(g);  // p = p0 − 0.5, except where reset: p0 − 0.5 as well (p₀ = p on step 1)
    for (std::size_t i = 0; i < n; ++i) REQUIRE(h.params()[i] == p0[i] - T(0.5));
    h.step(g);  // p = p0 − 1, or p0 − 0.5 where reset to p₀ = p0 then stepped
    std::size_t reset = 0;
    for (std::size_t i = 0; i < n; ++i) {
        REQUIRE((h.params()[i] == p0[i] - T(1) || h.params()[i] == p0[i] - T(0.5)));
        reset += h.params()[i] == p0[i] - T(0.5);
    }
    CHECK(double(reset) / n == Approx(0.25).margin(0.03));
}

TEMPLATE_TEST_CASE("random_reinitialize: p_reinit 0 never resets and store_every moves p0",
                   "[modules][random_reinitialize]", float, double) {
    using T = TestType;
    auto const never = lr(1) | random_reinitialize{.p_reinit = 0, .p_weights = 1};
    tzero_test::harness<T, decltype(never)> a(never, {T(1), T(2)});
    for (int t = 0; t < 5; ++t) a.step({T(1), T(1)});
    CHECK(a.params() == std::vector<T>{T(-4), T(-3)});
    // store every step with β = 0: p₀ follows p, so a reset is a plain step
    auto const follow = lr(1) | random_reinitialize{.p_reinit = 1, .p_weights = 1, .store_every = 1};
    tzero_test::harness<T, decltype(follow)> b(follow, {T(1), T(2)});
    for (int t = 0; t < 3; ++t) b.step({T(1), T(1)});
    CHECK(b.params() == std::vector<T>{T(-2), T(-1)});
    // never stored after step 1, always reset: every step lands on p0 − u
    auto const back = lr(1) | random_reinitialize{.p_reinit = 1, .p_weights = 1};
    tzero_test::harness<T, decltype(back)> d(back, {T(1), T(2)});
    for (int t = 0; t < 3; ++t) d.step({T(1), T(1)});
    CHECK(d.params() == std::vector<T>{T(0), T(1)});
}

TEST_CASE("random_reinitialize: printing and validation", "[modules][random_reinitialize][errors]") {
    CHECK(describe(random_reinitialize{}) ==
          "random_reinitialize(p_reinit=0.01, p_weights=0.1, store_every=0, beta=0, seed=0)");
    CHECK_THROWS_WITH(random_reinitialize{.p_reinit = 2}.validate(), Contains("tzero: random_reinitialize: p_reinit"));
    CHECK_THROWS_WITH(random_reinitialize{.p_weights = -1}.validate(), Contains("p_weights must be in [0, 1]"));
    CHECK_THROWS_WITH(random_reinitialize{.store_every = -1}.validate(), Contains("store_every must be >= 0"));
    CHECK_THROWS_WITH(random_reinitialize{.beta = 1.5}.validate(), Contains("beta must be in [0, 1]"));
}
