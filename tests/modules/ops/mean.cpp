#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include <tzero/tzero.hpp>

#include "modules/ops/operands_support.hpp"

using namespace tzero;
using Catch::Contains;

TEMPLATE_TEST_CASE("mean: the operands' sum over their count, numbers counted", "[modules][mean]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    // (2u + (−u) + 1.5) / 3 = (u + 1.5) / 3
    operands_test::check<T>(mean(mul(2.0), negate(), 1.5), {T(1.5), T(-4.5), T(0), nan, inf},
                            {T(1), T(-1), T(0.5), nan, nan});
    operands_test::check<T>(mean(mul(3.0)), {T(1), T(-2)}, {T(3), T(-6)});  // one operand: itself
}

TEMPLATE_TEST_CASE("mean: chains keep their state in the module's slots", "[modules][mean]", float, double) {
    using T = TestType;
    auto const m = mean(accumulate_sum(), accumulate_sum() | mul(3.0));
    STATIC_REQUIRE(decltype(m)::state_slots == 2);
    STATIC_REQUIRE(plan_of<decltype(adam() | m)>::passes == 1);
    auto const u = operands_test::run<T>(m, {{T(1)}, {T(1)}});
    CHECK(u[0][0] == T(2));       // (1 + 3) / 2
    CHECK(u[1][0] == Approx(4));  // (2 + 6) / 2
}

TEST_CASE("mean: printing and validation", "[modules][mean][errors]") {
    STATIC_REQUIRE(std::is_trivially_copyable_v<decltype(mean(adam(), 1.0))>);
    CHECK(describe(mean(sign(), 2.0)) == "mean(inputs=[[sign()], 2])");
    CHECK_THROWS_WITH(mean(sign(), std::numeric_limits<double>::infinity()).validate(),
                      Contains("tzero: mean: a number operand must be finite"));
}
