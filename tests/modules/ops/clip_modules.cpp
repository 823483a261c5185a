#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include <tzero/tzero.hpp>

#include "modules/ops/operands_support.hpp"

using namespace tzero;
using Catch::Contains;

TEMPLATE_TEST_CASE("clip_modules: input(u) clamped to number or chain bounds", "[modules][clip_modules]", float,
                   double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    // numbers: 2u in [−1, 3]
    operands_test::check<T>(clip_modules(mul(2.0), -1.0, 3.0), {T(1), T(-2), T(4), nan}, {T(2), T(-1), T(3), nan});
    // bounds left out are ±∞
    operands_test::check<T>(clip_modules(mul(2.0)), {inf, -inf, T(1)}, {inf, -inf, T(2)});
    operands_test::check<T>(clip_modules(mul(2.0), 0.0), {T(-1), T(1)}, {T(0), T(2)});
    // chains: 2u in [−|u|, |u| / 2 + 1]; a min above max gives max (clamp_min, then clamp_max)
    operands_test::check<T>(clip_modules(mul(2.0), tzero::abs() | negate(), tzero::abs() | mul(0.5) | add(1.0)),
                            {T(1), T(-2), T(4), T(0.25)}, {T(1.5), T(-2), T(3), T(0.5)});
    operands_test::check<T>(clip_modules(identity(), add(10.0), 1.0), {T(0)}, {T(1)});
    // a NaN bound is NaN, as torch's tensor bounds
    operands_test::check<T>(clip_modules(identity(), zeros() | rdiv(0.0)), {T(1)}, {nan});
}

TEMPLATE_TEST_CASE("clip_modules: input's state, then min's, then max's", "[modules][clip_modules]", float, double) {
    using T = TestType;
    auto const m = clip_modules(accumulate_sum() | mul(4.0), accumulate_sum() | negate(), accumulate_sum());
    STATIC_REQUIRE(decltype(m)::state_slots == 3);
    STATIC_REQUIRE(plan_of<decltype(adam() | m)>::passes == 1);
    auto const u = operands_test::run<T>(m, {{T(1)}, {T(-1)}, {T(-1)}});
    CHECK(u[0][0] == T(1));                     // 4 in [−1, 1]
    CHECK(u[1][0] == Approx(0).margin(1e-12));  // 0 in [0, 0]
    CHECK(u[2][0] == Approx(-1));               // −4 in [1, −1]: min above max gives max
}

TEST_CASE("clip_modules: printing and validation", "[modules][clip_modules][errors]") {
    STATIC_REQUIRE(std::is_trivially_copyable_v<decltype(clip_modules(adam(), sign(), 1.0))>);
    CHECK(describe(clip_modules(sign(), -1.0)) == "clip_modules(input=[sign()], min=-1, max=inf)");
    CHECK_THROWS_WITH(clip_modules(sign(), std::nan("")).validate(),
                      Contains("tzero: clip_modules: min must be a number"));
    CHECK_THROWS_WITH(clip_modules(sign(), 0.0, std::nan("")).validate(),
                      Contains("tzero: clip_modules: max must be a number"));
    CHECK_THROWS_WITH(clip_modules(sign(), 1.0, 0.0).validate(), Contains("tzero: clip_modules: max must be >= min"));
}
