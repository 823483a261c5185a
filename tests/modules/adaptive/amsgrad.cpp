#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

static_assert(plan_of<amsgrad>::state_slots == 3 && !std::is_same_v<amsgrad, adam>);
// read p, g, m, v, v_max; write p, m, v, v_max
static_assert(plan_of<decltype(amsgrad() | lr(0.1))>::bytes_per_element<float> == 36);

TEST_CASE("amsgrad: Adam divided by the largest second moment so far, every option", "[modules][amsgrad]") {
    amsgrad const variants[] = {amsgrad{}, amsgrad{.beta1 = 0.5, .beta2 = 0.5, .eps = 1e-2, .alpha = 2},
                                amsgrad{.beta2 = 0.5, .eps = 1e-2, .eps_at = adam_eps::torch},
                                amsgrad{.beta2 = 0.5, .alpha = 3, .debias = false}};
    for (auto const& a : variants) {
        tzero_test::harness<double, amsgrad> h(a, {0.0, 0.0});
        double m[2] = {}, v[2] = {}, v_max[2] = {};
        // a large gradient, then small ones: v decays, v_max keeps the peak
        double const grads[4][2] = {{4.0, -1.0}, {0.1, 0.5}, {-0.1, 0.0}, {0.2, 3.0}};
        for (int t = 1; t <= 4; ++t) {
            auto u = h.step({grads[t - 1][0], grads[t - 1][1]});
            for (int i = 0; i < 2; ++i) {
                double g = grads[t - 1][i];
                m[i] = a.beta1 * m[i] + (1 - a.beta1) * g;
                v[i] = a.beta2 * v[i] + (1 - a.beta2) * g * g;
                v_max[i] = std::max(v_max[i], v[i]);
                double b1 = 1 - std::pow(a.beta1, t), b2 = 1 - std::pow(a.beta2, t), want = 0;
                if (!a.debias) want = a.alpha * m[i] / (std::sqrt(v_max[i]) + a.eps);
                else if (a.eps_at == adam_eps::torch) want = a.alpha / b1 * m[i] / (std::sqrt(v_max[i] / b2) + a.eps);
                else want = a.alpha * std::sqrt(b2) / b1 * m[i] / (std::sqrt(v_max[i]) + a.eps);
                CHECK(u[std::size_t(i)] == Approx(want).epsilon(1e-12).margin(1e-300));
            }
        }
        auto const& opt = h.optimizer();
        CHECK(opt.state(1, 0)[0] == Approx(v[0]));
        CHECK(opt.state(2, 0)[0] == Approx(v_max[0]));
    }
}

TEST_CASE("amsgrad: the same steps as adam while v does not decrease", "[modules][amsgrad]") {
    tzero_test::harness<double, amsgrad> a(amsgrad(), {0.0});
    tzero_test::harness<double, adam> b(adam(), {0.0});
    for (double g : {1.0, 2.0, -3.0}) CHECK(a.step({g}) == b.step({g}));
    // v decayed: adam divides by the smaller v, amsgrad by the peak
    CHECK(std::abs(a.step({0.1})[0]) < std::abs(b.step({0.1})[0]));
}

TEMPLATE_TEST_CASE("amsgrad: zero gradients give zero steps, NaN stays in v_max", "[modules][amsgrad]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    tzero_test::harness<T, amsgrad> h(amsgrad(), {T(0), T(0)});
    CHECK(h.step({T(0), T(0)}) == std::vector<T>{T(0), T(0)});
    h.step({T(1), nan});
    CHECK(std::isnan(h.optimizer().state(2, 0)[1]));
    CHECK(h.optimizer().state(2, 0)[0] == Approx(0.999 * 0 + 0.001).epsilon(1e-6));
}

TEST_CASE("amsgrad: named and checked as its own module", "[modules][amsgrad]") {
    CHECK(describe(amsgrad()).starts_with("amsgrad(beta1=0.9, beta2=0.999"));
    CHECK_THROWS_WITH(amsgrad{.beta1 = 1} | lr(1), Catch::Contains("tzero: amsgrad: beta1 must be in [0, 1)"));
    CHECK_THROWS_WITH(amsgrad{.beta2 = -1} | lr(1), Catch::Contains("tzero: amsgrad: beta2 must be in [0, 1)"));
    CHECK_THROWS_WITH(amsgrad{.eps = 0} | lr(1), Catch::Contains("tzero: amsgrad: eps must be > 0"));
    CHECK_THROWS_WITH(amsgrad{.alpha = std::nan("")} | lr(1),
                      Catch::Contains("tzero: amsgrad: alpha must be a finite number"));
}
