#include <catch2/catch.hpp>

#include <limits>

#include <tzero/tzero.hpp>

#include "modules/ops/ops_support.hpp"

using namespace tzero;

static_assert(uses_grad_v<grad> && !uses_param_v<grad>);
static_assert(plan_of<decltype(grad() | lr(1))>::passes == 1);

TEMPLATE_TEST_CASE("grad: the update becomes the raw gradient", "[modules][grad]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    // first in a chain the update is the gradient already
    ops_test::check<T>(grad(), {T(3), T(-0.0), nan, -inf}, {T(3), T(-0.0), nan, -inf});
    // later, it discards what earlier modules made of it (sign, then ×3, then the gradient again)
    using C = decltype(sign() | mul(3) | grad() | lr(0.5));
    tzero_test::harness<T, C> h(sign() | mul(3) | grad() | lr(0.5), std::vector<T>(4, T(0)));
    CHECK(h.step({T(4), T(-0.5), T(0), inf}) == std::vector<T>{T(2), T(-0.25), T(0), inf});
    // its own state-reading neighbours see the raw gradient too: adam's m is the gradient's EMA
    using D = decltype(mul(100) | grad() | adam());
    tzero_test::harness<T, D> a(mul(100) | grad() | adam(), {T(0)});
    a.step({T(2)});
    CHECK(a.optimizer().state(0, 0)[0] == Approx(0.2));
}
