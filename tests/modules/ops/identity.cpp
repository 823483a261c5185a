#include <catch2/catch.hpp>

#include <limits>
#include <type_traits>

#include <tzero/tzero.hpp>

#include "modules/ops/ops_support.hpp"

using namespace tzero;

static_assert(std::is_same_v<noop, identity>);
static_assert(plan_of<decltype(adam() | identity() | lr(0.1))>::bytes_per_element<float> ==
              plan_of<decltype(adam() | lr(0.1))>::bytes_per_element<float>);

TEMPLATE_TEST_CASE("identity: passes the update through, bit for bit", "[modules][identity]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    ops_test::check<T>(identity(), {T(3), T(-0.0), T(0), nan, inf, -inf, T(1e-40)},
                       {T(3), T(-0.0), T(0), nan, inf, -inf, T(1e-40)});
    CHECK(describe(noop()) == "identity()");
}
