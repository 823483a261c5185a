#include <catch2/catch.hpp>

#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

TEMPLATE_TEST_CASE("rcopy_sign: the magnitude of other(u) with the update's sign", "[modules][rcopy_sign]", float,
                   double) {
    using T = TestType;
    tzero_test::harness<T, decltype(rcopy_sign(mul(3.0)))> h{rcopy_sign(mul(3.0)), std::vector<T>(4, T(0))};
    CHECK(h.step({T(2), T(-1), T(0), T(-0.25)}) == std::vector<T>{T(6), T(-3), T(0), T(-0.75)});
    // copy_magnitude is the same module, as torchzero's CopyMagnitude = RCopySign
    STATIC_REQUIRE(std::is_same_v<decltype(copy_magnitude(sign())), decltype(rcopy_sign(sign()))>);
    tzero_test::harness<T, decltype(copy_magnitude(fill(0.5)))> f{copy_magnitude(fill(0.5)), std::vector<T>(2, T(0))};
    CHECK(f.step({T(-7), T(9)}) == std::vector<T>{T(-0.5), T(0.5)});
}
