#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <random>

#include <tzero/tzero.hpp>

#include "modules/misc/sequence_support.hpp"
#include "support.hpp"

using namespace tzero;

static_assert(plan_of<decltype(median_averaging<5>{} | lr(1))>::state_slots == 4);
static_assert(plan_of<decltype(adam() | median_averaging<3>{} | lr(1))>::passes == 1);

TEMPLATE_TEST_CASE("median_averaging: the median of the last H updates", "[modules][median_averaging]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    tzero_test::harness<T, median_averaging<3>> h(median_averaging<3>{}, {T(0)});
    std::vector<T> got;
    for (T g : {T(5), T(1), T(3), T(10), T(-2), T(7)}) got.push_back(h.step({g})[0]);
    CHECK(got == std::vector<T>{T(5), T(3), T(3), T(3), T(3), T(7)});
    // NaN while in the window, as torch.quantile; inf sorts like a number
    CHECK(sequence_test::same(sequence_test::run(median_averaging<3>{}, {T(1), nan, T(2), inf, T(7), T(-1), -inf}),
                              {T(1), nan, nan, nan, T(7), T(7), T(-1)}));

    tzero_test::harness<T, median_averaging<4>> even(median_averaging<4>{}, {T(0)});
    CHECK(even.step({T(4)})[0] == T(4));
    CHECK(even.step({T(1)})[0] == T(2.5));
    CHECK(even.step({T(2)})[0] == T(2));
    CHECK(even.step({T(8)})[0] == T(3));
    CHECK(even.step({T(9)})[0] == T(5));  // {1, 2, 8, 9}
}

TEMPLATE_TEST_CASE("median_averaging: the network agrees with sorting", "[modules][median_averaging]", float, double) {
    using T = TestType;
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> pick(-4, 4);  // ties are common
    auto check = [&]<int H>(median_averaging<H> m) {
        tzero_test::harness<T, median_averaging<H>> h(m, std::vector<T>(19, T(0)));
        std::vector<std::deque<T>> window(19);
        for (int t = 0; t < 12; ++t) {
            std::vector<T> g;
            for (int i = 0; i < 19; ++i) g.push_back(T(pick(rng)) / 2);
            auto const u = h.step(g);
            for (int i = 0; i < 19; ++i) {
                window[i].push_back(g[i]);
                if (int(window[i].size()) > H) window[i].pop_front();
                std::vector<T> s(window[i].begin(), window[i].end());
                std::sort(s.begin(), s.end());
                T const want = s.size() % 2 ? s[s.size() / 2] : (s[s.size() / 2 - 1] + s[s.size() / 2]) / 2;
                INFO("H " << H << " step " << t + 1 << " element " << i);
                CHECK(u[i] == want);
            }
        }
    };
    check(median_averaging<1>{});
    check(median_averaging<2>{});
    check(median_averaging<3>{});
    check(median_averaging<4>{});
    check(median_averaging<5>{});
    check(median_averaging<6>{});
}
