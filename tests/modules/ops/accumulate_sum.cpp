#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(plan_of<decltype(accumulate_sum() | lr(1))>::state_slots == 1);
static_assert(plan_of<decltype(accumulate_sum() | lr(1))>::passes == 1);

TEMPLATE_TEST_CASE("accumulate_sum: the running sum of the updates, starting at 0", "[modules][accumulate_sum]", float,
                   double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    tzero_test::harness<T, accumulate_sum> h(accumulate_sum(), std::vector<T>(4, T(0)));
    CHECK(h.step({T(2), T(-1), T(0), T(1)}) == std::vector<T>{T(2), T(-1), T(0), T(1)});
    CHECK(h.step({T(3), T(0), T(0), nan})[0] == T(5));
    auto u = h.step({T(-5), T(0), T(0), T(1)});
    CHECK(u[0] == T(0));
    CHECK(u[1] == T(-1));  // a zero update keeps the sum
    CHECK(u[2] == T(0));
    CHECK(std::isnan(u[3]));  // NaN stays in the sum, as in torchzero
    CHECK(h.optimizer().state(0, 0)[0] == T(0));
}

TEMPLATE_TEST_CASE("accumulate_sum: decay scales the output only", "[modules][accumulate_sum]", float, double) {
    using T = TestType;
    tzero_test::harness<T, accumulate_sum> h(accumulate_sum{.decay = 0.5}, {T(0)});
    CHECK(h.step({T(4)})[0] == T(2));  // s = 4, out = 4·0.5
    CHECK(h.step({T(2)})[0] == T(3));  // s = 6 (not 4·0.5 + 2), out = 6·0.5
    CHECK(h.optimizer().state(0, 0)[0] == T(6));
}

TEMPLATE_TEST_CASE("accumulate_sum: dividing by the root of the summed squares is adagrad", "[modules][accumulate_sum]",
                   float, double) {
    using T = TestType;
    // torchzero's Div([Pow(2), AccumulateSum(), Sqrt(), Add(1e-10)]) == Adagrad (docs/modules/ops.md)
    auto const composed = tzero::div(tzero::pow(2) | accumulate_sum() | tzero::sqrt() | add(1e-10));
    tzero_test::harness<T, decltype(composed)> a(composed, {T(0), T(0), T(0)});
    tzero_test::harness<T, adagrad> b(adagrad(), {T(0), T(0), T(0)});
    for (auto const& g : {std::vector<T>{T(1), T(-2), T(0.5)}, std::vector<T>{T(-3), T(0.25), T(4)},
                          std::vector<T>{T(0.5), T(1), T(-1)}}) {
        auto const x = a.step(g), y = b.step(g);
        for (std::size_t i = 0; i < x.size(); ++i) CHECK(x[i] == Approx(y[i]));
    }
}

TEST_CASE("accumulate_sum: decay is a finite number", "[modules][accumulate_sum][errors]") {
    CHECK_THROWS_WITH(as_chain(accumulate_sum{.decay = std::numeric_limits<double>::infinity()}).validate(),
                      Contains("tzero: accumulate_sum: decay must be a finite number") && Contains("got inf"));
    CHECK_THROWS_WITH(accumulate_sum{.decay = std::numeric_limits<double>::quiet_NaN()}.validate(),
                      Contains("tzero: accumulate_sum: decay must be a finite number"));
}
