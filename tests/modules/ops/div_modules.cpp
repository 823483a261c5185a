#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include <tzero/tzero.hpp>

#include "modules/ops/operands_support.hpp"

using namespace tzero;
using Catch::Contains;

TEMPLATE_TEST_CASE("div_modules: input / other, each a number or a chain", "[modules][div_modules]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    // two chains: 3u / (|u| + 1); a chain that yields 0 divides as torch does
    operands_test::check<T>(div_modules(mul(3.0), tzero::abs() | add(1.0)), {T(1), T(-2), T(0), nan},
                            {T(1.5), T(-2), T(0), nan});
    operands_test::check<T>(div_modules(identity(), zeros()), {T(1), T(-1), T(0)}, {inf, -inf, nan});
    // a number input is multiplied by the reciprocal (torchzero's input · other⁻¹)
    operands_test::check<T>(div_modules(2.0, identity()), {T(4), T(-0.5), T(0), T(3)},
                            {T(0.5), T(-4), inf, T(2) * (T(1) / T(3))});
    operands_test::check<T>(div_modules(mul(3.0), 2.0), {T(1), T(-2)}, {T(1.5), T(-3)});
}

TEMPLATE_TEST_CASE("div_modules: input's state first, then other's", "[modules][div_modules]", float, double) {
    using T = TestType;
    auto const m = div_modules(accumulate_sum(), accumulate_sum() | add(1.0));
    STATIC_REQUIRE(decltype(m)::state_slots == 2);
    STATIC_REQUIRE(plan_of<decltype(adam() | m)>::passes == 1);
    auto const u = operands_test::run<T>(m, {{T(1)}, {T(2)}});
    CHECK(u[0][0] == T(0.5));
    CHECK(u[1][0] == Approx(0.75));
}

TEST_CASE("div_modules: printing and validation", "[modules][div_modules][errors]") {
    STATIC_REQUIRE(std::is_trivially_copyable_v<decltype(div_modules(adam(), sign()))>);
    CHECK(describe(div_modules(2.0, sign())) == "div_modules(input=2, other=[sign()])");
    CHECK_THROWS_WITH(div_modules(sign(), 0.0).validate(),
                      Contains("tzero: div_modules: other must be a finite nonzero number"));
    CHECK_THROWS_WITH(div_modules(std::nan(""), sign()).validate(),
                      Contains("tzero: div_modules: input must be a finite number"));
}
