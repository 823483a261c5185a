#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(elementwise_module<update_gradient_sign_consistency<>> &&
              reduce_module<update_gradient_sign_consistency<normalized_t>>);
static_assert(plan_of<decltype(adam() | update_gradient_sign_consistency())>::passes == 1);
static_assert(plan_of<decltype(adam() | update_gradient_sign_consistency(normalized))>::passes == 2);

TEMPLATE_TEST_CASE("update_gradient_sign_consistency: 1 where the update and the gradient agree in sign",
                   "[modules][update_gradient_sign_consistency]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    // lr(0) | weight_decay(1) makes the update equal to the parameter, whatever the gradient
    auto const c = lr(0) | weight_decay(1) | update_gradient_sign_consistency();
    tzero_test::harness<T, decltype(c)> h(c, {T(-1), T(1), T(3), T(1), T(0), T(2)});
    // u = p = (−1, 1, 3, 1, 0, 2) against g = (2, −1, 0, 0.25, 1, NaN): agree only at index 3
    CHECK(h.step({T(2), T(-1), T(0), T(0.25), T(1), nan}) == std::vector<T>{T(0), T(0), T(0), T(1), T(0), T(0)});
}

TEMPLATE_TEST_CASE("update_gradient_sign_consistency(normalized): the mask over its mean over all parameters",
                   "[modules][update_gradient_sign_consistency]", float, double) {
    using T = TestType;
    tzero_test::tensor_list<T> p{{{3}, {1}}}, g{{{3}, {1}}};
    p.values = {{T(-1), T(1), T(3)}, {T(1)}};
    g.values = {{T(2), T(1), T(0)}, {T(0.25)}};
    optimizer opt(lr(0) | weight_decay(1) | update_gradient_sign_consistency(normalized), p.views());
    opt.step(g.const_views());
    // mask (0, 1, 0 | 1): mean 1/2 over all 4 elements → the update is the mask times 2
    CHECK(p.values[0] == std::vector<T>{T(-1), T(1) - T(2), T(3)});
    CHECK(p.values[1][0] == T(1) - T(2));
}

TEST_CASE("update_gradient_sign_consistency: eps floors the mean, printing and validation",
          "[modules][update_gradient_sign_consistency][errors]") {
    auto m = update_gradient_sign_consistency(normalized);
    CHECK(m.finalize(0, 10) == Approx(1e6));
    CHECK(m.finalize(5, 10) == Approx(2));
    CHECK(m.finalize(0, 0) == 1);
    CHECK(describe(m) == "update_gradient_sign_consistency(normalize=normalized, eps=1e-06)");
    m.eps = 0;
    CHECK_THROWS_WITH(m.validate(), Contains("tzero: update_gradient_sign_consistency: eps must be > 0"));
}
