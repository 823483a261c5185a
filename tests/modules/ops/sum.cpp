#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include <tzero/tzero.hpp>

#include "modules/ops/operands_support.hpp"

using namespace tzero;
using Catch::Contains;

TEMPLATE_TEST_CASE("sum: adds the operands' values, the update only feeds the chains", "[modules][sum]", float,
                   double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    // 2u + (1 − u) + 0.5 = u + 1.5; ∞ gives ∞ − ∞
    operands_test::check<T>(sum(mul(2.0), negate() | add(1.0), 0.5), {T(1), T(-2), T(0), nan, inf},
                            {T(2.5), T(-0.5), T(1.5), nan, nan});
    // a single chain is that chain; numbers are added after the chains, in order
    operands_test::check<T>(sum(mul(3.0)), {T(1), T(-2)}, {T(3), T(-6)});
    operands_test::check<T>(sum(0.25, negate(), 1.0), {T(1), T(-2)}, {T(0.25), T(3.25)});
}

TEMPLATE_TEST_CASE("sum: each chain keeps its own state, in the module's slots", "[modules][sum]", float, double) {
    using T = TestType;
    auto const m = sum(accumulate_sum(), accumulate_sum() | mul(2.0), identity());
    using M = std::remove_cvref_t<decltype(m)>;
    STATIC_REQUIRE(M::state_slots == 2);
    STATIC_REQUIRE(decltype(m.inputs)::first_slot[1] == 1);
    STATIC_REQUIRE(plan_of<decltype(adam() | m | lr(0.1))>::passes == 1);
    tzero_test::harness<T, M> h(m, std::vector<T>(1, T(0)));
    h.step({T(1)});
    auto const u = h.step({T(2)});  // s = 3 in both: 3 + 6 + 2
    CHECK(u[0] == Approx(11));
    CHECK(h.optimizer().state(0, 0)[0] == T(3));
    CHECK(h.optimizer().state(1, 0)[0] == T(3));
}

TEST_CASE("sum: type, printing and validation", "[modules][sum][errors]") {
    auto const m = sum(adam(), sign() | lr(0.1), 1);
    using M = std::remove_cvref_t<decltype(m)>;
    STATIC_REQUIRE(std::is_same_v<M, sum<branch<chain<adam>>, branch<chain<sign, lr<double>>>, double>>);
    STATIC_REQUIRE(module<M>);
    STATIC_REQUIRE(std::is_trivially_copyable_v<M>);
    STATIC_REQUIRE(sizeof(M) == sizeof(m.inputs));  // its one member, the one hyperparameter
    STATIC_REQUIRE(M::state_slots == 2);
    STATIC_REQUIRE(!uses_param_v<M>);
    STATIC_REQUIRE(uses_param_v<decltype(sum(weight_decay(0.1)))>);
    CHECK(describe(sum(sign(), 2.0)) == "sum(inputs=[[sign()], 2])");
    CHECK_THROWS_WITH(sum(sign(), std::nan("")).validate(),
                      Contains("tzero: sum: a number operand must be finite") && Contains("got nan"));
    auto bad = sum(sign() | lr(0.1), 1.0);
    bad.inputs.get<0>().chain.get<lr>().lr = -1;
    CHECK_THROWS_WITH(validate(bad), Contains("tzero: lr: lr must be"));
}
