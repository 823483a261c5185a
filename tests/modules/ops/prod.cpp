#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include <tzero/tzero.hpp>

#include "modules/ops/operands_support.hpp"

using namespace tzero;
using Catch::Contains;

// prod is detail::fold_operands's shell (modules/detail/fold_operands.hpp) over its operand pack
template <operand... Os>
constexpr bool folds_its_operands(prod<Os...> const*) {
    return std::is_base_of_v<detail::fold_operands<prod<Os...>, Os...>, prod<Os...>>;
}
static_assert(folds_its_operands(static_cast<decltype(prod(sign(), 2.0)) const*>(nullptr)));

TEMPLATE_TEST_CASE("prod: multiplies the operands' values", "[modules][prod]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    // u · (u + 1) · 0.5; 0·∞ is NaN
    operands_test::check<T>(prod(identity(), add(1.0), 0.5), {T(2), T(-3), T(0), nan, inf},
                            {T(3), T(3), T(0), nan, inf});
    operands_test::check<T>(prod(0.5, sign(), -2.0), {T(2), T(-3), T(0)}, {T(-1), T(1), T(0)});
    operands_test::check<T>(prod(zeros(), 0.5, tzero::abs()), {inf, T(1)}, {nan, T(0)});
}

TEMPLATE_TEST_CASE("prod: chains keep their state in the module's slots", "[modules][prod]", float, double) {
    using T = TestType;
    auto const m = prod(accumulate_sum(), accumulate_sum() | add(1.0));
    STATIC_REQUIRE(decltype(m)::state_slots == 2);
    STATIC_REQUIRE(plan_of<decltype(adam() | m)>::passes == 1);
    auto const u = operands_test::run<T>(m, {{T(1)}, {T(2)}});
    CHECK(u[0][0] == T(2));        // 1 · 2
    CHECK(u[1][0] == Approx(12));  // 3 · 4
}

TEST_CASE("prod: printing and validation", "[modules][prod][errors]") {
    STATIC_REQUIRE(std::is_trivially_copyable_v<decltype(prod(adam(), 1.0))>);
    CHECK(describe(prod(sign(), 2.0)) == "prod(inputs=[[sign()], 2])");
    CHECK_THROWS_WITH(prod(sign(), std::nan("")).validate(), Contains("tzero: prod: a number operand must be finite"));
}
