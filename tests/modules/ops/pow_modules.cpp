#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include <tzero/tzero.hpp>

#include "modules/ops/operands_support.hpp"

using namespace tzero;
using Catch::Contains;

TEMPLATE_TEST_CASE("pow_modules: input raised to exponent (not divided, as torchzero's bug)", "[modules][pow_modules]",
                   float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    // two chains: |u|^(sign(u) + 1)
    operands_test::check<T>(pow_modules(tzero::abs(), sign() | add(1.0)), {T(3), T(-2), T(0), nan},
                            {T(9), T(1), T(0), nan}, 1e-6);
    // a number exponent takes torch's special cases (math::power): 2 is u·u, ½ is √u
    operands_test::check<T>(pow_modules(add(1.0), 2.0), {T(3), T(-2)}, {T(16), T(1)});
    operands_test::check<T>(pow_modules(tzero::abs(), 0.5), {T(4), T(-9), T(-1)}, {T(2), T(3), T(1)});
    // a number input: 2^u
    operands_test::check<T>(pow_modules(2.0, identity()), {T(3), T(-1), T(0)}, {T(8), T(0.5), T(1)}, 1e-6);
}

TEMPLATE_TEST_CASE("pow_modules: input's state first, then exponent's", "[modules][pow_modules]", float, double) {
    using T = TestType;
    auto const m = pow_modules(accumulate_sum(), accumulate_sum() | mul(0.5));
    STATIC_REQUIRE(decltype(m)::state_slots == 2);
    STATIC_REQUIRE(plan_of<decltype(adam() | m)>::passes == 1);
    auto const u = operands_test::run<T>(m, {{T(2)}, {T(2)}}, 1e-6);
    CHECK(u[0][0] == T(2));        // 2^1
    CHECK(u[1][0] == Approx(16));  // 4^2
}

TEST_CASE("pow_modules: printing and validation", "[modules][pow_modules][errors]") {
    STATIC_REQUIRE(std::is_trivially_copyable_v<decltype(pow_modules(adam(), sign()))>);
    CHECK(describe(pow_modules(sign(), 2.0)) == "pow_modules(input=[sign()], exponent=2)");
    CHECK_THROWS_WITH(pow_modules(sign(), std::nan("")).validate(),
                      Contains("tzero: pow_modules: exponent must be a finite number"));
    CHECK_THROWS_WITH(pow_modules(std::nan(""), sign()).validate(),
                      Contains("tzero: pow_modules: input must be a finite number"));
}
