#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include <tzero/tzero.hpp>

#include "modules/ops/operands_support.hpp"

using namespace tzero;
using Catch::Contains;

TEMPLATE_TEST_CASE("lerp_modules: from input(u) toward end(u) by weight", "[modules][lerp_modules]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    // 2u + 0.25·(−u − 2u) = 1.25u
    operands_test::check<T>(lerp_modules(mul(2.0), negate(), 0.25), {T(4), T(-8), T(0), nan},
                            {T(5), T(-10), T(0), nan});
    // weight 1 is end, weight 0 input (torch.lerp's two formulas)
    operands_test::check<T>(lerp_modules(mul(2.0), negate(), 1.0), {T(4)}, {T(-4)});
    operands_test::check<T>(lerp_modules(mul(2.0), negate(), 0.0), {T(4)}, {T(8)});
}

TEMPLATE_TEST_CASE("lerp_modules: input's state first, then end's", "[modules][lerp_modules]", float, double) {
    using T = TestType;
    auto const m = lerp_modules(accumulate_sum(), accumulate_sum() | mul(3.0), 0.5);
    STATIC_REQUIRE(decltype(m)::state_slots == 2);
    STATIC_REQUIRE(plan_of<decltype(adam() | m)>::passes == 1);
    auto const u = operands_test::run<T>(m, {{T(1)}, {T(1)}});
    CHECK(u[0][0] == T(2));       // lerp(1, 3, ½)
    CHECK(u[1][0] == Approx(4));  // lerp(2, 6, ½)
}

TEST_CASE("lerp_modules: printing and validation", "[modules][lerp_modules][errors]") {
    auto m = lerp_modules(sign(), negate(), 0.5);
    STATIC_REQUIRE(std::is_trivially_copyable_v<decltype(m)>);
    CHECK(describe(m) == "lerp_modules(input=[sign()], end=[negate()], weight=0.5)");
    m.weight = std::nan("");
    CHECK_THROWS_WITH(m.validate(), Contains("tzero: lerp_modules: weight must be a finite number"));
    CHECK_THROWS_AS((lerp_modules<branch<chain<sign>>, branch<chain<sign>>>{}.validate()), error);  // weight required
}
