#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

static_assert(plan_of<backtrack_on_sign_change>::state_slots == 1 && uses_grad_v<backtrack_on_sign_change>);

TEMPLATE_TEST_CASE("backtrack_on_sign_change: the previous value where the sign flipped, hand-computed",
                   "[modules][backtrack_on_sign_change]", float, double) {
    using T = TestType;
    std::vector<T> const grads[] = {{T(1), T(-1), T(2), T(0)}, {T(1), T(1), T(-3), T(1)}, {T(2), T(1), T(-1), T(-1)}};
    SECTION("backtrack") {
        tzero_test::harness<T, backtrack_on_sign_change> h(backtrack_on_sign_change(), std::vector<T>(4));
        CHECK(h.step(grads[0]) == grads[0]);  // the first step passes through
        CHECK(h.step(grads[1]) == std::vector<T>{T(1), T(-1), T(2), T(1)});
        // prev is the input of step 2, (1, 1, −3, 1): only element 3 flipped. torchzero 2b6a228 gives
        // (2, −1, 2, 1) here: it stored its own output (1, −1, 2, 1) as prev (docs/modules.md)
        CHECK(h.step(grads[2]) == std::vector<T>{T(2), T(1), T(-1), T(1)});
    }
    SECTION("no backtrack: 0 where the sign flipped") {
        auto const zero = backtrack_on_sign_change{.backtrack = false};
        tzero_test::harness<T, backtrack_on_sign_change> h(zero, std::vector<T>(4));
        h.step(grads[0]);
        CHECK(h.step(grads[1]) == std::vector<T>{T(1), T(0), T(0), T(1)});
        CHECK(h.step(grads[2]) == std::vector<T>{T(2), T(1), T(-1), T(0)});
    }
}

TEST_CASE("backtrack_on_sign_change: use_grad follows the gradient's signs", "[modules][backtrack_on_sign_change]") {
    // lr(0) | weight_decay(0.5) makes the update 0.5·p, whatever the gradient
    auto const c = lr(0) | weight_decay(0.5) | backtrack_on_sign_change{.use_grad = true};
    tzero_test::harness<double, std::remove_cvref_t<decltype(c)>> h(c, {1.0, 1.0});
    CHECK(h.step({1.0, 1.0}) == std::vector<double>{0.5, 0.5});
    // the gradient of element 0 flipped: its update is replaced by the previous gradient, 1
    CHECK(h.step({-1.0, 1.0}) == std::vector<double>{1.0, 0.25});
    CHECK(h.step({-1.0, 1.0}) == std::vector<double>{-0.25, 0.125});  // p = (−0.5, 0.25), no flip
}

TEMPLATE_TEST_CASE("backtrack_on_sign_change: zero and NaN never count as a flip",
                   "[modules][backtrack_on_sign_change]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    tzero_test::harness<T, backtrack_on_sign_change> h(backtrack_on_sign_change(), std::vector<T>(3));
    h.step({T(1), T(1), T(1)});
    auto u = h.step({T(0), nan, T(-1)});
    CHECK(u[0] == T(0));
    CHECK(std::isnan(u[1]));
    CHECK(u[2] == T(1));
    CHECK(std::isnan(h.optimizer().state(0, 0)[1]));
    u = h.step({T(-1), T(-1), T(-1)});  // prev (0, NaN, −1): no flips (element 1's parameter is NaN by now)
    CHECK(u[0] == T(-1));
    CHECK(u[2] == T(-1));
    CHECK(describe(backtrack_on_sign_change()) == "backtrack_on_sign_change(use_grad=false, backtrack=true)");
}
