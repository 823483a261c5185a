#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

static_assert(plan_of<adan>::state_slots == 4);
// read p, g, m, v, n, u_prev; write p, m, v, n, u_prev
static_assert(plan_of<decltype(adan() | lr(0.1))>::bytes_per_element<float> == 44);

TEST_CASE("adan: four steps against the formula", "[modules][adan]") {
    adan const variants[] = {adan{}, adan{.beta1 = 0.5, .beta2 = 0.7, .beta3 = 0.9, .eps = 1e-2}};
    for (auto const& a : variants) {
        tzero_test::harness<double, adan> h(a, {0.0, 0.0, 0.0});
        double m[3] = {}, v[3] = {}, n[3] = {}, prev[3] = {};
        double const grads[4][3] = {{1.0, -0.5, 0.0}, {0.5, 2.0, 0.0}, {-1.0, 0.25, 1e-3}, {0.0, 0.0, -2.0}};
        for (int t = 1; t <= 4; ++t) {
            auto u = h.step({grads[t - 1][0], grads[t - 1][1], grads[t - 1][2]});
            for (int i = 0; i < 3; ++i) {
                double g = grads[t - 1][i];
                m[i] = a.beta1 * m[i] + (1 - a.beta1) * g;
                double term = g;
                if (t > 1) {
                    double d = g - prev[i];
                    v[i] = a.beta2 * v[i] + (1 - a.beta2) * d;
                    term = g + a.beta2 * d;
                }
                n[i] = a.beta3 * n[i] + (1 - a.beta3) * term * term;
                prev[i] = g;
                double b1 = 1 - std::pow(a.beta1, t), b2 = 1 - std::pow(a.beta2, t), b3 = 1 - std::pow(a.beta3, t);
                double want = (m[i] / b1 + a.beta2 * v[i] / b2) / (std::sqrt(n[i] / b3) + a.eps);
                CHECK(u[std::size_t(i)] == Approx(want).epsilon(1e-12).margin(1e-300));
            }
        }
    }
}

TEMPLATE_TEST_CASE("adan: the first step is ±1 up to eps and leaves v at zero", "[modules][adan]", float, double) {
    using T = TestType;
    tzero_test::harness<T, adan> h(adan(), std::vector<T>(3));
    auto u = h.step({T(3), T(-0.5), T(0)});
    // m̂ = u, n̂ = u², v = 0: u/(|u| + ε)
    CHECK(u[0] == Approx(1).epsilon(1e-6));
    CHECK(u[1] == Approx(-1).epsilon(1e-6));
    CHECK(u[2] == T(0));
    auto const& opt = h.optimizer();
    for (std::size_t i = 0; i < 3; ++i) CHECK(opt.state(1, 0)[i] == T(0));
    CHECK(opt.state(3, 0)[0] == T(3));  // u_prev
    // step 2 with the same gradient: d = 0, so v stays 0 and n sees u² again
    u = h.step({T(3), T(-0.5), T(0)});
    CHECK(u[0] == Approx(1).epsilon(1e-6));
    CHECK(opt.state(1, 0)[0] == T(0));
}

TEMPLATE_TEST_CASE("adan: zero gradients give zero steps, NaN stays visible", "[modules][adan]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    tzero_test::harness<T, adan> h(adan(), {T(0), T(0)});
    for (int t = 0; t < 3; ++t) CHECK(h.step({T(0), T(0)}) == std::vector<T>{T(0), T(0)});
    auto u = h.step({T(0), nan});
    CHECK(u[0] == T(0));
    CHECK(std::isnan(u[1]));
}

TEST_CASE("adan: hyperparameters out of range are rejected", "[modules][adan]") {
    CHECK_THROWS_WITH(adan{.beta1 = 1} | lr(1), Catch::Contains("tzero: adan: beta1 must be in [0, 1)"));
    CHECK_THROWS_WITH(adan{.beta2 = -0.5} | lr(1), Catch::Contains("tzero: adan: beta2 must be in [0, 1)"));
    CHECK_THROWS_WITH(adan{.beta3 = 2} | lr(1), Catch::Contains("tzero: adan: beta3 must be in [0, 1)"));
    CHECK_THROWS_WITH(adan{.eps = 0} | lr(1),
                      Catch::Contains("tzero: adan: eps must be > 0") && Catch::Contains("got 0"));
}

TEST_CASE("adan: m_tfm and v_tfm and n_tfm run on copies of the moments before debiasing", "[modules][adan]") {
    // m is clipped to ±0.1, v tripled and n averaged by ema(0.5) from zero where Adan reads them;
    // the stored moments stay Adan's own. On step 1 v_tfm sees v = 0.
    auto const a = adan().with_m_tfm(clip_value(0.1)).with_v_tfm(mul(3)).with_n_tfm(ema(0.5));
    static_assert(decltype(a)::state_slots == 5);  // m, v, n, u_prev, and the ema's
    tzero_test::harness<double, std::remove_const_t<decltype(a)>> h(a, {0.0, 0.0});
    double m[2] = {}, v[2] = {}, n[2] = {}, prev[2] = {}, e[2] = {};
    double const grads[3][2] = {{1.0, -0.05}, {0.5, 2.0}, {-1.0, 0.25}};
    for (int t = 1; t <= 3; ++t) {
        auto u = h.step({grads[t - 1][0], grads[t - 1][1]});
        for (int i = 0; i < 2; ++i) {
            double const g = grads[t - 1][i];
            m[i] = 0.98 * m[i] + 0.02 * g;
            double term = g;
            if (t > 1) {
                double const d = g - prev[i];
                v[i] = 0.92 * v[i] + 0.08 * d;
                term = g + 0.92 * d;
            }
            n[i] = 0.99 * n[i] + 0.01 * term * term;
            prev[i] = g;
            e[i] = 0.5 * e[i] + 0.5 * n[i];
            double const b1 = 1 - std::pow(0.98, t), b2 = 1 - std::pow(0.92, t), b3 = 1 - std::pow(0.99, t);
            double const want =
                (std::clamp(m[i], -0.1, 0.1) / b1 + 0.92 * (3 * v[i]) / b2) / (std::sqrt(e[i] / b3) + 1e-8);
            CHECK(u[std::size_t(i)] == Approx(want).epsilon(1e-12));
            CHECK(h.optimizer().state(0, 0)[std::size_t(i)] == Approx(m[i]).epsilon(1e-14));  // unclipped
        }
    }
}

TEST_CASE("adan: an inner chain prints and validates, an absent one changes nothing", "[modules][adan]") {
    CHECK(describe(adan()) == "adan(beta1=0.98, beta2=0.92, beta3=0.99, eps=1e-08)");
    CHECK(describe(adan().with_v_tfm(sign())) == "adan(beta1=0.98, beta2=0.92, beta3=0.99, eps=1e-08, v_tfm=[sign()])");
    static_assert(std::is_same_v<decltype(adan{.beta1 = 0.5}), adan>);
    static_assert(decltype(adan().with_m_tfm(sign()).with_n_tfm(ema(0.9)))::state_slots == 5);
    auto const kept = adan{.beta1 = 0.5, .eps = 1e-3}.with_n_tfm(sign()).with_m_tfm(mul(2));
    CHECK(kept.beta1 == 0.5);
    CHECK(kept.eps == 1e-3);
    CHECK(describe(kept) == "adan(beta1=0.5, beta2=0.92, beta3=0.99, eps=0.001, m_tfm=[mul(other=2)], n_tfm=[sign()])");
    CHECK_THROWS_WITH(validate(adan().with_m_tfm(ema(2.0))), Catch::Contains("ema"));
    CHECK_THROWS_WITH(adan().with_n_tfm(ema(2.0)) | lr(1), Catch::Contains("ema"));
}
