#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include <tzero/tzero.hpp>

#include "modules/ops/operands_support.hpp"

using namespace tzero;
using Catch::Contains;

TEMPLATE_TEST_CASE("minimum_modules: the smallest operand value, NaN if any is NaN", "[modules][minimum_modules]",
                   float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    // of u, u² − 2 (through pow and add) and 0.5
    operands_test::check<T>(minimum_modules(identity(), tzero::pow(2.0) | add(-2.0), 0.5),
                            {T(2), T(-4), T(0), nan, inf}, {T(0.5), T(-4), T(-2), nan, T(0.5)});
    // NaN from a chain wins too
    operands_test::check<T>(minimum_modules(sign(), negate() | mul(2.0), 0.0), {T(-0.5), T(1), nan},
                            {T(-1), T(-2), nan});
}

TEMPLATE_TEST_CASE("minimum_modules: chains keep their state in the module's slots", "[modules][minimum_modules]",
                   float, double) {
    using T = TestType;
    auto const m = minimum_modules(accumulate_sum(), accumulate_sum() | negate());
    STATIC_REQUIRE(decltype(m)::state_slots == 2);
    STATIC_REQUIRE(plan_of<decltype(adam() | m)>::passes == 1);
    auto const u = operands_test::run<T>(m, {{T(1)}, {T(2)}});
    CHECK(u[0][0] == T(-1));       // min(1, −1)
    CHECK(u[1][0] == Approx(-3));  // min(3, −3)
}

TEST_CASE("minimum_modules: printing and validation", "[modules][minimum_modules][errors]") {
    STATIC_REQUIRE(std::is_trivially_copyable_v<decltype(minimum_modules(adam(), 1.0))>);
    CHECK(describe(minimum_modules(sign(), 2.0)) == "minimum_modules(inputs=[[sign()], 2])");
    CHECK_THROWS_WITH(minimum_modules(sign(), std::nan("")).validate(),
                      Contains("tzero: minimum_modules: a number operand must be finite"));
}
