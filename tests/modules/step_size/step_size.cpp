#include <catch2/catch.hpp>

#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(plan_of<step_size<>>::passes == 1 && plan_of<step_size<>>::state_slots == 0);
static_assert(plan_of<decltype(adam() | step_size(0.1))>::bytes_per_element<float> == 28);
static_assert(plan_of<decltype(adam() | step_size(one_cycle{.max_lr = 0.1, .total_steps = 100}))>::passes == 1);
static_assert(std::is_same_v<coeffs_of<step_size<>>, no_coeffs>);

TEMPLATE_TEST_CASE("step_size: scales the update like lr", "[modules][step_size]", float, double) {
    using T = TestType;
    tzero_test::harness<T, step_size<>> h(step_size(0.5), {T(1), T(2), T(3)});
    CHECK(h.step({T(2), T(-4), T(0)}) == std::vector<T>{T(1), T(-2), T(0)});
    h.optimizer().chain().template get<step_size>().step_size = 0;
    CHECK(h.step({T(2), T(-4), T(0)}) == std::vector<T>{0, 0, 0});
    // with a schedule: the t-th step uses s(t)
    auto const s = exponential_decay{.lr = 1, .gamma = 0.5};
    auto const scheduled = step_size(s);
    tzero_test::harness<T, step_size<exponential_decay>> d(scheduled, {T(0)});
    CHECK(d.step({T(4)}) == std::vector<T>{T(4)});
    CHECK(d.step({T(4)}) == std::vector<T>{T(2)});
    CHECK(d.step({T(4)}) == std::vector<T>{T(1)});
    CHECK(describe(step_size(0.25)) == "step_size(step_size=0.25)");
}

TEST_CASE("step_size: required, finite and >= 0", "[modules][step_size][errors]") {
    CHECK_THROWS_WITH(as_chain(step_size{}).validate(),
                      Contains("tzero: step_size: step_size must be a finite number >= 0 (write step_size(0.1))") &&
                          Contains("got nan"));
    CHECK_THROWS_WITH(step_size(-1).validate(), Contains("got -1"));
    CHECK_THROWS_WITH(step_size(std::numeric_limits<double>::infinity()).validate(), Contains("got inf"));
    CHECK_THROWS_WITH(step_size(exponential_decay{.lr = 1, .gamma = -1}).validate(),
                      Contains("tzero: exponential_decay: gamma"));
}
