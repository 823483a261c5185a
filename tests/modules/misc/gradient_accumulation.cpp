#include <catch2/catch.hpp>

#include <type_traits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

using accumulated_adam = decltype(gradient_accumulation(16, adam() | lr(0.01)));
static_assert(std::is_same_v<accumulated_adam, gradient_accumulation<branch<decltype(adam() | lr(0.01))>>>);
static_assert(plan_of<as_chain_t<accumulated_adam>>::state_slots == 3);  // the sum, then adam's two
static_assert(plan_of<as_chain_t<accumulated_adam>>::passes == 1);
static_assert(
    plan_of<decltype(clip_value(1) | gradient_accumulation(4, adam() | lr(0.1)) | weight_decay(0.1))>::passes == 1);

TEMPLATE_TEST_CASE("gradient_accumulation: every n-th step the modules step once with the mean",
                   "[modules][gradient_accumulation]", float, double) {
    using T = TestType;
    auto const m = gradient_accumulation(3, lr(2.0));
    tzero_test::harness<T, decltype(m)> h(m, {T(0)});
    CHECK(h.step({T(1)})[0] == T(0));  // the parameters stay
    CHECK(h.step({T(2)})[0] == T(0));
    CHECK(h.optimizer().state(0, 0)[0] == T(3));
    CHECK(h.step({T(3)})[0] == T(4));             // 2·(1 + 2 + 3)/3
    CHECK(h.optimizer().state(0, 0)[0] == T(0));  // cleared
    CHECK(h.step({T(3)})[0] == T(0));
    CHECK(h.step({T(3)})[0] == T(0));
    CHECK(h.step({T(6)})[0] == T(8));

    auto const sum = gradient_accumulation(2, lr(1.0), false);
    tzero_test::harness<T, decltype(sum)> s(sum, {T(0)});
    CHECK(s.step({T(1)})[0] == T(0));
    CHECK(s.step({T(2)})[0] == T(3));
}

TEMPLATE_TEST_CASE("gradient_accumulation: the modules' state and step count move only when they run",
                   "[modules][gradient_accumulation]", float, double) {
    using T = TestType;
    auto const m = gradient_accumulation(2, accumulate_sum());
    tzero_test::harness<T, decltype(m)> h(m, {T(0)});
    CHECK(h.step({T(2)})[0] == T(0));
    CHECK(h.optimizer().state(1, 0)[0] == T(0));
    CHECK(h.step({T(4)})[0] == T(3));
    CHECK(h.step({T(6)})[0] == T(0));
    CHECK(h.optimizer().state(1, 0)[0] == T(3));
    CHECK(h.step({T(8)})[0] == T(10));  // 3 + 7

    // adam inside sees steps 1, 2, …: the same as adam fed the mean of every 4 gradients
    auto const acc = gradient_accumulation(4, adam() | lr(0.1));
    tzero_test::harness<T, decltype(acc)> a(acc, {T(0), T(0)});
    tzero_test::harness<T, decltype(adam() | lr(0.1))> b(adam() | lr(0.1), {T(0), T(0)});
    std::vector<T> total(2, T(0));
    for (int t = 1; t <= 12; ++t) {
        std::vector<T> const g = {T(t % 3) - T(1), T(0.25) * T(t)};
        auto const u = a.step(g);
        for (int i = 0; i < 2; ++i) total[std::size_t(i)] += g[std::size_t(i)];
        if (t % 4 != 0) {
            CHECK(u == std::vector<T>{T(0), T(0)});
            continue;
        }
        auto const want = b.step({total[0] / T(4), total[1] / T(4)});
        total = {T(0), T(0)};
        INFO("step " << t);
        CHECK(u == want);
    }
}

TEMPLATE_TEST_CASE("gradient_accumulation: stop = false runs the modules on every update",
                   "[modules][gradient_accumulation]", float, double) {
    using T = TestType;
    auto const m =
        gradient_accumulation<branch<decltype(as_chain(lr(2.0)))>>{.n = 3, .modules = lr(2.0), .stop = false};
    tzero_test::harness<T, decltype(m)> h(m, {T(0)});
    CHECK(h.step({T(1)})[0] == T(2));
    CHECK(h.step({T(2)})[0] == T(4));
    CHECK(h.step({T(6)})[0] == T(6));  // 2·(1 + 2 + 6)/3
    CHECK(h.step({T(1)})[0] == T(2));
}

TEST_CASE("gradient_accumulation: n is required and >= 1", "[modules][gradient_accumulation][errors]") {
    CHECK_THROWS_WITH(gradient_accumulation(0, adam()).validate(),
                      Contains("tzero: gradient_accumulation: n must be >= 1") && Contains("got 0"));
    CHECK_THROWS_WITH(as_chain(gradient_accumulation(2, lr(-1.0))).validate(), Contains("lr"));
    CHECK(describe(gradient_accumulation(16, lr(0.5))) ==
          "gradient_accumulation(n=16, modules=[lr(lr=0.5)], mean=true, stop=true)");
}
