#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <type_traits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

static_assert(plan_of<decltype(adam() | lr(0.1))>::bytes_per_element<float> == 28);
static_assert(plan_of<adam>::state_slots == 2);

namespace {
// Adam written out for one element, both ε placements, as an independent check.
double adam_update(double m, double v, int t, adam const& a) {
    double b1 = 1 - std::pow(a.beta1, t), b2 = 1 - std::pow(a.beta2, t);
    if (!a.debias) return a.alpha * m / (std::sqrt(v) + a.eps);
    if (a.eps_at == adam_eps::torch) return a.alpha / b1 * m / (std::sqrt(v) / std::sqrt(b2) + a.eps);
    return a.alpha * std::sqrt(b2) / b1 * m / (std::sqrt(v) + a.eps);
}
}  // namespace

TEST_CASE("adam: three steps against the formula, every option", "[modules][adam]") {
    adam const variants[] = {adam{}, adam{.beta1 = 0.5, .beta2 = 0.9, .eps = 1e-2, .alpha = 2},
                             adam{.eps = 1e-2, .eps_at = adam_eps::torch}, adam{.alpha = 3, .debias = false}};
    for (auto const& a : variants) {
        tzero_test::harness<double, adam> h(a, {0.0, 0.0, 0.0});
        double m[3] = {}, v[3] = {};
        double const grads[3][3] = {{1.0, -0.5, 0.0}, {0.5, 2.0, 0.0}, {-1.0, 0.25, 1e-3}};
        for (int t = 1; t <= 3; ++t) {
            auto u = h.step({grads[t - 1][0], grads[t - 1][1], grads[t - 1][2]});
            for (int i = 0; i < 3; ++i) {
                double g = grads[t - 1][i];
                m[i] = a.beta1 * m[i] + (1 - a.beta1) * g;
                v[i] = a.beta2 * v[i] + (1 - a.beta2) * g * g;
                CHECK(u[std::size_t(i)] == Approx(adam_update(m[i], v[i], t, a)).epsilon(1e-12).margin(1e-300));
            }
        }
    }
}

TEMPLATE_TEST_CASE("adam: zero gradients give zero steps, first step is ±alpha", "[modules][adam]", float, double) {
    using T = TestType;
    tzero_test::harness<T, adam> h(adam(), std::vector<T>(4, T(0)));
    auto u = h.step({T(0), T(3), T(-1e-3), T(0)});
    CHECK(u[0] == T(0));
    CHECK(u[3] == T(0));
    // step 1: g/(|g| + ε/√(1 − β2)), sign(g) up to ε; ε on the undebiased √v weighs 31.6× more
    CHECK(u[1] == Approx(1.0).epsilon(1e-6));
    CHECK(u[2] == Approx(-1e-3 / (1e-3 + 1e-8 / std::sqrt(0.001))).epsilon(1e-5));
}

TEST_CASE("adam: the two eps placements differ only through eps", "[modules][adam]") {
    tzero_test::harness<double, adam> a(adam{.eps = 0.1}, {0.0}), b(adam{.eps = 0.1, .eps_at = adam_eps::torch}, {0.0});
    auto ua = a.step({0.5}), ub = b.step({0.5});
    CHECK(ua[0] != ub[0]);
    // torchzero: √(1−β2)/(1−β1)·m/(√v+ε); torch: 1/(1−β1)·m/(√v/√(1−β2)+ε)
    CHECK(ua[0] == Approx(std::sqrt(0.001) / 0.1 * 0.05 / (std::sqrt(0.001 * 0.25) + 0.1)));
    CHECK(ub[0] == Approx(1 / 0.1 * 0.05 / (std::sqrt(0.001 * 0.25) / std::sqrt(0.001) + 0.1)));
}

TEST_CASE("adam: exp_avg_tfm and exp_avg_sq_tfm run on copies of the moments", "[modules][adam]") {
    // m is clipped to ±0.01 and v halved (ema(0.5) from zero) where Adam reads them; the stored
    // moments stay Adam's own, so the second step starts from the unclipped m.
    auto const a = adam().with_exp_avg_tfm(clip_value(0.01)).with_exp_avg_sq_tfm(ema(0.5));
    static_assert(decltype(a)::state_slots == 3);  // m, v, and the inner ema's
    tzero_test::harness<double, std::remove_const_t<decltype(a)>> h(a, {0.0, 0.0});
    double m[2] = {}, v[2] = {}, e[2] = {};
    double const grads[2][2] = {{1.0, -0.05}, {0.5, 2.0}};
    for (int t = 1; t <= 2; ++t) {
        auto u = h.step({grads[t - 1][0], grads[t - 1][1]});
        for (int i = 0; i < 2; ++i) {
            double const g = grads[t - 1][i];
            m[i] = 0.9 * m[i] + 0.1 * g;
            v[i] = 0.999 * v[i] + 0.001 * g * g;
            e[i] = 0.5 * e[i] + 0.5 * v[i];
            double const clipped = std::clamp(m[i], -0.01, 0.01);
            double const k = std::sqrt(1 - std::pow(0.999, t)) / (1 - std::pow(0.9, t));
            CHECK(u[std::size_t(i)] == Approx(k * clipped / (std::sqrt(e[i]) + 1e-8)).epsilon(1e-12));
        }
    }
}

TEST_CASE("adam: an inner chain prints and validates, an absent one changes nothing", "[modules][adam]") {
    CHECK(describe(adam()) == "adam(beta1=0.9, beta2=0.999, eps=1e-08, alpha=1, debias=true, eps_at=torchzero)");
    CHECK(
        describe(amsgrad().with_exp_avg_sq_tfm(sign())) ==
        "amsgrad(beta1=0.9, beta2=0.999, eps=1e-08, alpha=1, debias=true, eps_at=torchzero, exp_avg_sq_tfm=[sign()])");
    static_assert(std::is_same_v<decltype(adam{.beta1 = 0.5}), adam>);
    static_assert(decltype(amsgrad().with_exp_avg_tfm(ema(0.9)))::state_slots == 4);
    auto const kept = adam{.beta1 = 0.5, .eps = 1e-3}.with_exp_avg_tfm(sign());
    CHECK(kept.beta1 == 0.5);
    CHECK(kept.eps == 1e-3);
    CHECK_THROWS_WITH(validate(adam().with_exp_avg_tfm(ema(2.0))), Catch::Contains("ema"));
}
