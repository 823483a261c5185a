#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

static_assert(plan_of<rprop>::state_slots == 3);
static_assert(plan_of<decltype(rprop() | lr(0.1))>::passes == 1);

namespace {
// One element through five steps whose signs go +, +, −, −, +.
template <class T>
std::vector<double> five_steps(rprop const& r) {
    tzero_test::harness<T, rprop> h(r, {T(0)});
    std::vector<double> out;
    for (double g : {1.0, 0.5, -2.0, -1.0, 3.0}) out.push_back(double(h.step({T(g)})[0]));
    return out;
}
}  // namespace

TEMPLATE_TEST_CASE("rprop: step sizes grow, shrink and backtrack, hand-computed", "[modules][rprop]", float, double) {
    using T = TestType;
    double const eps = sizeof(T) == 4 ? 1e-6 : 1e-14;
    SECTION("backtrack") {
        // a: 1, 1.2 (same sign), 0.6 (flip: undo the last step, −prev), 0.6 (no adaptation right
        // after a flip), 0.3 (flip again: undo −0.6)
        auto u = five_steps<T>(rprop());
        std::vector<double> const want = {1, 1.2, -1.2, -0.6, 0.6};
        for (std::size_t i = 0; i < want.size(); ++i) CHECK(u[i] == Approx(want[i]).epsilon(eps));
    }
    SECTION("no backtrack: a flip gives a zero step") {
        auto u = five_steps<T>(rprop{.backtrack = false});
        std::vector<double> const want = {1, 1.2, 0, -0.6, 0};
        for (std::size_t i = 0; i < want.size(); ++i) CHECK(u[i] == Approx(want[i]).epsilon(eps));
    }
    SECTION("custom factors and bounds") {
        // a: clamp(4, 0.1, 2) = 2; ×3 → 6 clamped to 2; ×0.1 → 0.2; unchanged; ×0.1 → 0.02 → 0.1
        auto u = five_steps<T>(rprop{.nplus = 3, .nminus = 0.1, .lb = 0.1, .ub = 2, .alpha = 4});
        std::vector<double> const want = {2, 2, -2, -0.2, 0.2};
        for (std::size_t i = 0; i < want.size(); ++i) CHECK(u[i] == Approx(want[i]).epsilon(eps));
    }
}

TEMPLATE_TEST_CASE("rprop: zero and NaN gradients give zero steps and keep the step size", "[modules][rprop]", float,
                   double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    tzero_test::harness<T, rprop> h(rprop(), {T(0), T(0)});
    CHECK(h.step({T(0), T(2)}) == std::vector<T>{T(0), T(1)});
    CHECK(h.step({T(1), nan}) == std::vector<T>{T(1), T(0)});  // sign(NaN) = 0: no step, no flip
    auto u = h.step({T(1), T(3)});                             // p − p_new: exact up to the parameter's rounding
    CHECK(u[0] == Approx(1.2).epsilon(1e-6));
    CHECK(u[1] == T(1));
    auto const& opt = h.optimizer();
    CHECK(opt.state(1, 0)[0] == T(1));  // allowed
    CHECK(opt.state(2, 0)[1] == T(1));  // the step size of element 1 never changed
}

TEST_CASE("rprop: hyperparameters out of range are rejected", "[modules][rprop]") {
    CHECK_THROWS_WITH(rprop{.nplus = 0} | lr(1), Catch::Contains("tzero: rprop: nplus must be > 0"));
    CHECK_THROWS_WITH(rprop{.nminus = -1} | lr(1), Catch::Contains("tzero: rprop: nminus must be > 0"));
    CHECK_THROWS_WITH(rprop{.lb = -1} | lr(1), Catch::Contains("tzero: rprop: lb must be >= 0"));
    CHECK_THROWS_WITH((rprop{.lb = 2, .ub = 1} | lr(1)),
                      Catch::Contains("tzero: rprop: ub must be >= lb") && Catch::Contains("got 1"));
    CHECK_THROWS_WITH(rprop{.alpha = std::nan("")} | lr(1), Catch::Contains("tzero: rprop: alpha must be a number"));
    CHECK_NOTHROW((rprop{.lb = 0, .ub = std::numeric_limits<double>::infinity()} | lr(1)));  // torchzero's None
}
