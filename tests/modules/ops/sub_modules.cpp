#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include <tzero/tzero.hpp>

#include "modules/ops/operands_support.hpp"

using namespace tzero;
using Catch::Contains;

TEMPLATE_TEST_CASE("sub_modules: input − alpha·other, each a number or a chain", "[modules][sub_modules]", float,
                   double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    // two chains: 2u − 0.5·(u + 1)
    operands_test::check<T>(sub_modules(mul(2.0), add(1.0), 0.5), {T(3), T(-1), T(0), nan, inf},
                            {T(4), T(-2), T(-0.5), nan, nan});
    // a number input: 1 − 2·u; a number other: 2u − 0.25·4, formed in double
    operands_test::check<T>(sub_modules(1.0, identity(), 2.0), {T(3), T(-1), inf}, {T(-5), T(3), -inf});
    operands_test::check<T>(sub_modules(mul(2.0), 4.0, 0.25), {T(3), T(-1)}, {T(5), T(-3)});
}

TEMPLATE_TEST_CASE("sub_modules: input's state first, then other's", "[modules][sub_modules]", float, double) {
    using T = TestType;
    auto const m = sub_modules(accumulate_sum(), accumulate_sum() | mul(0.5));
    using M = std::remove_cvref_t<decltype(m)>;
    STATIC_REQUIRE(M::state_slots == 2);
    STATIC_REQUIRE(plan_of<decltype(adam() | m)>::passes == 1);
    tzero_test::harness<T, M> h(m, std::vector<T>(1, T(0)));
    CHECK(h.step({T(2)})[0] == T(1));  // 2 − 1
    h.step({T(2)});
    CHECK(h.optimizer().state(0, 0)[0] == T(4));
    CHECK(h.optimizer().state(1, 0)[0] == T(4));
}

TEST_CASE("sub_modules: types, printing and validation", "[modules][sub_modules][errors]") {
    STATIC_REQUIRE(std::is_same_v<decltype(sub_modules(1, sign())), sub_modules<double, branch<chain<sign>>>>);
    STATIC_REQUIRE(std::is_trivially_copyable_v<decltype(sub_modules(adam(), sign()))>);
    CHECK(describe(sub_modules(sign(), 2.0)) == "sub_modules(input=[sign()], other=2, alpha=1)");
    CHECK_THROWS_WITH(sub_modules(sign(), std::nan("")).validate(),
                      Contains("tzero: sub_modules: other must be a finite number"));
    CHECK_THROWS_WITH(sub_modules(std::nan(""), sign()).validate(),
                      Contains("tzero: sub_modules: input must be a finite number"));
    CHECK_THROWS_WITH(sub_modules(sign(), sign(), std::nan("")).validate(),
                      Contains("tzero: sub_modules: alpha must be a finite number"));
}
