#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <limits>
#include <type_traits>

#include <tzero/tzero.hpp>

#include "modules/misc/sequence_support.hpp"
#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(std::is_same_v<decltype(weighted_averaging(std::array{0.2, 0.3, 0.5})), weighted_averaging<3>>);
static_assert(plan_of<decltype(weighted_averaging<3>{} | lr(1))>::state_slots == 2);
static_assert(plan_of<decltype(adam() | weighted_averaging<2>{} | lr(1))>::passes == 1);

TEMPLATE_TEST_CASE("weighted_averaging: Σ w_i·u_i / L over the last L updates, weights oldest first",
                   "[modules][weighted_averaging]", float, double) {
    using T = TestType;
    tzero_test::harness<T, weighted_averaging<3>> h(weighted_averaging(std::array{1.0, 2.0, 4.0}), {T(0)});
    CHECK(h.step({T(6)})[0] == T(24));          // L = 1: the newest weight, 6·4
    CHECK(h.step({T(3)})[0] == T(12));          // L = 2: (6·2 + 3·4) / 2
    CHECK(h.step({T(3)})[0] == Approx(8.0));    // L = 3: (6·1 + 3·2 + 3·4) / 3
    CHECK(h.step({T(-3)})[0] == Approx(-1.0));  // (3·1 + 3·2 − 3·4) / 3
    CHECK(h.optimizer().state(0, 0)[0] == T(3));
    CHECK(h.optimizer().state(1, 0)[0] == T(-3));
}

TEMPLATE_TEST_CASE("weighted_averaging: a zero weight after the first drops its term", "[modules][weighted_averaging]",
                   float, double) {
    using T = TestType;
    T const inf = std::numeric_limits<T>::infinity();
    auto const u = sequence_test::run(weighted_averaging<3>{.weights = {1, 0, 1}}, {T(1), inf, T(1)});
    CHECK(u[0] == T(1));
    CHECK(u[1] == inf);              // L = 2: 1·0 (the first term is always added) + inf·½
    CHECK(u[2] == Approx(2.0 / 3));  // inf sits under the zero weight: dropped, not 0·inf
    // the first term is always added: 0·inf there is NaN, as in torchzero
    CHECK(std::isnan(sequence_test::run(weighted_averaging<2>{.weights = {0, 1}}, {inf, T(1)})[1]));
}

TEST_CASE("weighted_averaging: the weights are required and finite", "[modules][weighted_averaging][errors]") {
    CHECK(describe(weighted_averaging(std::array{0.5, 1.0})) == "weighted_averaging(weights=[0.5, 1])");
    CHECK_THROWS_WITH(
        weighted_averaging<2>{}.validate(),
        Contains("tzero: weighted_averaging: every weight must be a finite number") && Contains("got nan"));
    CHECK_THROWS_WITH((weighted_averaging<2>{.weights = {1, std::numeric_limits<double>::infinity()}}.validate()),
                      Contains("got inf"));
}
