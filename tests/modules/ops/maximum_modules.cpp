#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include <tzero/tzero.hpp>

#include "modules/ops/operands_support.hpp"

using namespace tzero;
using Catch::Contains;

TEMPLATE_TEST_CASE("maximum_modules: the largest operand value, NaN if any is NaN", "[modules][maximum_modules]", float,
                   double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    // of u, u² − 2 (through pow and add) and 0.5
    operands_test::check<T>(maximum_modules(identity(), tzero::pow(2.0) | add(-2.0), 0.5),
                            {T(2), T(-4), T(0), nan, inf}, {T(2), T(14), T(0.5), nan, inf});
    // NaN from a chain wins too
    operands_test::check<T>(maximum_modules(sign(), negate() | mul(2.0), 0.0), {T(-0.5), T(1), nan}, {T(1), T(1), nan});
}

TEMPLATE_TEST_CASE("maximum_modules: chains keep their state in the module's slots", "[modules][maximum_modules]",
                   float, double) {
    using T = TestType;
    auto const m = maximum_modules(accumulate_sum(), accumulate_sum() | negate());
    STATIC_REQUIRE(decltype(m)::state_slots == 2);
    STATIC_REQUIRE(plan_of<decltype(adam() | m)>::passes == 1);
    auto const u = operands_test::run<T>(m, {{T(1)}, {T(2)}});
    CHECK(u[0][0] == T(1));       // max(1, −1)
    CHECK(u[1][0] == Approx(3));  // max(3, −3)
}

TEST_CASE("maximum_modules: printing and validation", "[modules][maximum_modules][errors]") {
    STATIC_REQUIRE(std::is_trivially_copyable_v<decltype(maximum_modules(adam(), 1.0))>);
    CHECK(describe(maximum_modules(sign(), 2.0)) == "maximum_modules(inputs=[[sign()], 2])");
    CHECK_THROWS_WITH(maximum_modules(sign(), std::nan("")).validate(),
                      Contains("tzero: maximum_modules: a number operand must be finite"));
}
