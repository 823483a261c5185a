#include <catch2/catch.hpp>

#include <limits>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

TEMPLATE_TEST_CASE("copy_sign: the update's magnitude with the sign of other(u)", "[modules][copy_sign]", float,
                   double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    // other = negate(): every sign flips; a zero stays zero; NaN stays NaN
    tzero_test::harness<T, decltype(copy_sign(negate()))> h{copy_sign(negate()), std::vector<T>(5, T(0))};
    auto const u = h.step({T(2), T(-3), T(0), T(0.5), nan});
    CHECK(std::vector<T>(u.begin(), u.begin() + 4) == std::vector<T>{T(-2), T(3), T(0), T(-0.5)});
    CHECK(std::isnan(u[4]));
    // a stateful operand: the sign of the running EMA, not of this step's gradient
    tzero_test::harness<T, decltype(copy_sign(ema(0.9)))> m{copy_sign(ema(0.9)), std::vector<T>(1, T(0))};
    CHECK(m.step({T(4)}) == std::vector<T>{T(4)});
    CHECK(m.step({T(-1)}) == std::vector<T>{T(1)});  // ema = 0.9·0.4 − 0.1 > 0
    STATIC_REQUIRE(decltype(copy_sign(ema(0.9)))::state_slots == 1);
}
