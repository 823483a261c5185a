#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

static_assert(elementwise_module<cautious<>> && reduce_module<cautious<normalized_t>>);
static_assert(plan_of<decltype(adam() | cautious())>::passes == 1);
static_assert(plan_of<decltype(adam() | cautious(normalized))>::passes == 2);

TEMPLATE_TEST_CASE("cautious: the three modes against the raw gradient", "[modules][cautious]", float, double) {
    using T = TestType;
    // after clip_value the update has the gradient's sign: the mask keeps all but zeros
    std::vector<T> const g = {T(2), T(-1), T(0), T(0.25)};
    tzero_test::harness<T, decltype(clip_value(0.5) | cautious())> keep(clip_value(0.5) | cautious(),
                                                                        std::vector<T>(4));
    CHECK(keep.step(g) == std::vector<T>{T(0.5), T(-0.5), T(0), T(0.25)});

    // lr(0) | weight_decay(1) makes the update equal to the parameter, whatever the gradient
    tzero_test::harness<T, decltype(lr(0) | weight_decay(1) | cautious())> zero(lr(0) | weight_decay(1) | cautious(),
                                                                                {T(-1), T(1), T(3), T(1)});
    // u = 0·g + p = p: signs (−, +, +, +) against g (+, −, 0, +): keep only the last
    CHECK(zero.step(g) == std::vector<T>{T(0), T(0), T(0), T(1)});
    tzero_test::harness<T, decltype(lr(0) | weight_decay(1) | cautious{.mode = cautious_mode::grad})> grad(
        lr(0) | weight_decay(1) | cautious{.mode = cautious_mode::grad}, {T(-1), T(1), T(3), T(1)});
    CHECK(grad.step(g) == std::vector<T>{T(2), T(-1), T(0), T(1)});
    tzero_test::harness<T, decltype(lr(0) | weight_decay(1) | cautious{.mode = cautious_mode::backtrack})> back(
        lr(0) | weight_decay(1) | cautious{.mode = cautious_mode::backtrack}, {T(-1), T(1), T(3), T(1)});
    CHECK(back.step(g) == std::vector<T>{T(1), T(-1), T(-3), T(1)});
}

TEMPLATE_TEST_CASE("cautious(normalized): divides by the mask's mean over all parameters", "[modules][cautious]", float,
                   double) {
    using T = TestType;
    tzero_test::tensor_list<T> p{{{3}, {1}}}, g{{{3}, {1}}};
    p.values = {{T(-1), T(1), T(3)}, {T(1)}};
    g.values = {{T(2), T(-1), T(0)}, {T(0.25)}};
    optimizer opt(lr(0) | weight_decay(1) | cautious(normalized), p.views());
    opt.step(g.const_views());
    // mask (0, 0, 0 | 1): mean 1/4 over all 4 elements → the kept update is multiplied by 4
    CHECK(p.values[0] == std::vector<T>{T(-1), T(1), T(3)});
    CHECK(p.values[1][0] == T(1) - T(4));
}

TEST_CASE("cautious(normalized): an all-masked step is floored by eps, not divided by zero", "[modules][cautious]") {
    auto const c = cautious(normalized);
    CHECK(c.finalize(0, 10) == Approx(1e6));
    CHECK(c.finalize(5, 10) == Approx(2));
    CHECK(c.finalize(0, 0) == 1);  // no parameters at all
}

TEMPLATE_TEST_CASE("cautious: NaN in the update stays visible", "[modules][cautious]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    tzero_test::harness<T, cautious<>> h(cautious{}, {T(0)});
    CHECK(std::isnan(h.step({nan})[0]));
}
