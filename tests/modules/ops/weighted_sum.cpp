#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include <tzero/tzero.hpp>

#include "modules/ops/operands_support.hpp"

using namespace tzero;
using Catch::Contains;

TEMPLATE_TEST_CASE("weighted_sum: w·x summed, weight i with operand i", "[modules][weighted_sum]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    // 0.5·u + 2·1.5 − 1·(1 − u) = 1.5·u + 2: the number between the chains keeps its own weight
    // (torchzero sorts numbers last without their weights; tzero does not misalign them)
    auto const m = weighted_sum({0.5, 2.0, -1.0}, identity(), 1.5, negate() | add(1.0));
    operands_test::check<T>(m, {T(2), T(-4), T(0)}, {T(5), T(-4), T(2)});
    operands_test::check<T>(m, {nan}, {nan});
    // the std::array spelling is the same module
    auto const a = weighted_sum(std::array{0.5, 2.0, -1.0}, identity(), 1.5, negate() | add(1.0));
    STATIC_REQUIRE(std::is_same_v<decltype(a), decltype(m)>);
    CHECK(describe(a) == describe(m));
}

TEMPLATE_TEST_CASE("weighted_sum: chains keep their state in the module's slots", "[modules][weighted_sum]", float,
                   double) {
    using T = TestType;
    auto const m = weighted_sum({1.5, -1.0}, accumulate_sum(), accumulate_sum() | add(1.0));
    STATIC_REQUIRE(decltype(m)::state_slots == 2);
    STATIC_REQUIRE(plan_of<decltype(adam() | m)>::passes == 1);
    auto const u = operands_test::run<T>(m, {{T(1)}, {T(2)}});
    CHECK(u[1][0] == Approx(T(1.5) * T(3) + T(-1) * T(4)));  // s = 3
}

TEST_CASE("weighted_sum: printing and validation", "[modules][weighted_sum][errors]") {
    auto m = weighted_sum({0.5, 0.25}, sign(), 2.0);
    STATIC_REQUIRE(module<decltype(m)>);
    STATIC_REQUIRE(std::is_trivially_copyable_v<decltype(m)>);
    CHECK(describe(m) == "weighted_sum(inputs=[[sign()], 2], weights=[0.5, 0.25])");
    m.weights[1] = std::nan("");
    CHECK_THROWS_WITH(m.validate(), Contains("tzero: weighted_sum: weights must be finite numbers"));
    CHECK_THROWS_WITH(weighted_sum({1.0, 1.0}, sign(), std::nan("")).validate(),
                      Contains("tzero: weighted_sum: a number operand must be finite"));
}
