#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

static_assert(plan_of<sign_consistency_lrs>::state_slots == 2);

TEMPLATE_TEST_CASE("sign_consistency_lrs: rates grow and shrink with the sign, hand-computed",
                   "[modules][sign_consistency_lrs]", float, double) {
    using T = TestType;
    double const eps = sizeof(T) == 4 ? 1e-6 : 1e-14;
    // the same three steps torchzero 2b6a228 gives: (1, 1, 1, 1), (1.2, 0.5, 0.5, 1), (1.44, 0.6, 0.6, 0.5)
    tzero_test::harness<T, sign_consistency_lrs> h(sign_consistency_lrs(), std::vector<T>(4));
    double const grads[3][4] = {{1, -1, 2, 0}, {1, 1, -3, 1}, {2, 1, -1, -1}};
    double const want[3][4] = {{1, 1, 1, 1}, {1.2, 0.5, 0.5, 1}, {1.44, 0.6, 0.6, 0.5}};
    for (int t = 0; t < 3; ++t) {
        auto u = h.step({T(grads[t][0]), T(grads[t][1]), T(grads[t][2]), T(grads[t][3])});
        for (std::size_t i = 0; i < 4; ++i) CHECK(u[i] == Approx(want[t][i]).epsilon(eps));
    }
    CHECK(h.optimizer().state(0, 0)[2] == T(-1));  // prev holds the sign, not the update
}

TEST_CASE("sign_consistency_lrs: rates stay between lb and ub and start at clamp(alpha)",
          "[modules][sign_consistency_lrs]") {
    auto const r = sign_consistency_lrs{.nplus = 10, .lb = 0.3, .ub = 5, .alpha = 8};
    tzero_test::harness<double, sign_consistency_lrs> h(r, {0.0, 0.0});
    // element 0 keeps its sign (×10, held at ub = 5); element 1 flips every step (×0.5, down to lb)
    double const want[] = {5, 2.5, 1.25, 0.625, 0.3125, 0.3};
    double sign = 1;
    for (double w : want) {
        auto u = h.step({1.0, sign});
        CHECK(u[0] == Approx(5));
        CHECK(u[1] == Approx(w));
        sign = -sign;
    }
}

TEMPLATE_TEST_CASE("sign_consistency_lrs: zero and NaN elements keep the rate", "[modules][sign_consistency_lrs]",
                   float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    tzero_test::harness<T, sign_consistency_lrs> h(sign_consistency_lrs(), {T(0), T(0)});
    h.step({T(1), T(1)});
    CHECK(h.optimizer().state(1, 0)[0] == T(1));
    h.step({T(0), nan});  // sign 0: the factor is 1, and the next step compares against 0
    CHECK(h.optimizer().state(1, 0)[0] == T(1));
    CHECK(h.optimizer().state(1, 0)[1] == T(1));
    h.step({T(-1), T(-1)});
    CHECK(h.optimizer().state(1, 0)[0] == T(1));
}

TEST_CASE("sign_consistency_lrs: hyperparameters out of range are rejected", "[modules][sign_consistency_lrs]") {
    using Catch::Contains;
    CHECK_THROWS_WITH(sign_consistency_lrs{.nplus = 0} | lr(1),
                      Contains("tzero: sign_consistency_lrs: nplus must be > 0"));
    CHECK_THROWS_WITH(sign_consistency_lrs{.nminus = 0} | lr(1),
                      Contains("tzero: sign_consistency_lrs: nminus must be > 0"));
    CHECK_THROWS_WITH(sign_consistency_lrs{.lb = -1} | lr(1), Contains("tzero: sign_consistency_lrs: lb must be >= 0"));
    CHECK_THROWS_WITH((sign_consistency_lrs{.lb = 1, .ub = 0.5} | lr(1)),
                      Contains("tzero: sign_consistency_lrs: ub must be >= lb") && Contains("got 0.5"));
    CHECK_THROWS_WITH(sign_consistency_lrs{.alpha = std::nan("")} | lr(1),
                      Contains("tzero: sign_consistency_lrs: alpha must be a number"));
}

TEST_CASE("sign_consistency_lrs: as a factor mul(sign_consistency_lrs()) as torchzero means it",
          "[modules][sign_consistency_lrs]") {
    // tz.m.Mul(tz.m.SignConsistencyLRs()): the update times its per-element rate
    auto const c = mul(sign_consistency_lrs{.alpha = 0.5});
    tzero_test::harness<double, std::remove_cvref_t<decltype(c)>> h(c, {0.0, 0.0});
    CHECK(h.step({2.0, -1.0}) == std::vector<double>{1.0, -0.5});  // r = 0.5
    auto u = h.step({1.0, 1.0});                                   // ×1.2 where the sign held, ×0.5 where it flipped
    CHECK(u[0] == Approx(0.6));
    CHECK(u[1] == Approx(0.25));
    u = h.step({3.0, 1.0});  // rates 0.72, 0.3
    CHECK(u[0] == Approx(3 * 0.72));
    CHECK(u[1] == Approx(0.3));
}
