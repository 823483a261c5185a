#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

static_assert(plan_of<decltype(adam() | lr(0.1))>::bytes_per_element<float> == 28);
static_assert(plan_of<adam>::state_slots == 2);

namespace {
// AMSGrad: `adam().with_amsgrad()`, a basic_adam<true> named `amsgrad`.
using adam_amsgrad = decltype(adam().with_amsgrad());
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
        describe(adam().with_amsgrad().with_exp_avg_sq_tfm(sign())) ==
        "amsgrad(beta1=0.9, beta2=0.999, eps=1e-08, alpha=1, debias=true, eps_at=torchzero, exp_avg_sq_tfm=[sign()])");
    static_assert(std::is_same_v<decltype(adam{.beta1 = 0.5}), adam>);
    static_assert(decltype(adam().with_amsgrad().with_exp_avg_tfm(ema(0.9)))::state_slots == 4);
    auto const kept = adam{.beta1 = 0.5, .eps = 1e-3}.with_exp_avg_tfm(sign());
    CHECK(kept.beta1 == 0.5);
    CHECK(kept.eps == 1e-3);
    CHECK_THROWS_WITH(validate(adam().with_exp_avg_tfm(ema(2.0))), Catch::Contains("ema"));
}

static_assert(std::is_same_v<adam_amsgrad, basic_adam<true>> && plan_of<adam_amsgrad>::state_slots == 3);
// read p, g, m, v, v_max; write p, m, v, v_max
static_assert(plan_of<decltype(adam().with_amsgrad() | lr(0.1))>::bytes_per_element<float> == 36);

TEST_CASE("adam: with_amsgrad keeps every field and inner chain, and is idempotent", "[modules][adam]") {
    constexpr auto a =
        adam{.beta1 = 0.5, .beta2 = 0.7, .eps = 1e-3, .alpha = 2, .debias = false, .eps_at = adam_eps::torch}
            .with_exp_avg_tfm(clip_value(0.25))
            .with_exp_avg_sq_tfm(mul(2.0));
    constexpr auto b = a.with_amsgrad();
    static_assert(
        std::is_same_v<decltype(b), basic_adam<true, decltype(a.exp_avg_tfm), decltype(a.exp_avg_sq_tfm)> const>);
    static_assert(std::is_same_v<decltype(b.with_amsgrad()), std::remove_const_t<decltype(b)>>);
    static_assert(b.beta1 == 0.5 && b.beta2 == 0.7 && b.eps == 1e-3 && b.alpha == 2 && !b.debias &&
                  b.eps_at == adam_eps::torch);
    CHECK(describe(b) == "amsgrad" + describe(a).substr(4));
    CHECK(describe(b.with_amsgrad()) == describe(b));
}

TEST_CASE("adam: with_amsgrad divides by the largest second moment so far, every option", "[modules][adam]") {
    adam_amsgrad const variants[] = {adam().with_amsgrad(),
                                     adam{.beta1 = 0.5, .beta2 = 0.5, .eps = 1e-2, .alpha = 2}.with_amsgrad(),
                                     adam{.beta2 = 0.5, .eps = 1e-2, .eps_at = adam_eps::torch}.with_amsgrad(),
                                     adam{.beta2 = 0.5, .alpha = 3, .debias = false}.with_amsgrad()};
    for (auto const& a : variants) {
        tzero_test::harness<double, adam_amsgrad> h(a, {0.0, 0.0});
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

TEST_CASE("adam: with_amsgrad takes the same steps as adam while v does not decrease", "[modules][adam]") {
    tzero_test::harness<double, adam_amsgrad> a(adam().with_amsgrad(), {0.0});
    tzero_test::harness<double, adam> b(adam(), {0.0});
    for (double g : {1.0, 2.0, -3.0}) CHECK(a.step({g}) == b.step({g}));
    // v decayed: adam divides by the smaller v, AMSGrad by the peak
    CHECK(std::abs(a.step({0.1})[0]) < std::abs(b.step({0.1})[0]));
}

TEMPLATE_TEST_CASE("adam: with_amsgrad, zero gradients give zero steps, NaN stays in v_max", "[modules][adam]", float,
                   double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN();
    tzero_test::harness<T, adam_amsgrad> h(adam().with_amsgrad(), {T(0), T(0)});
    CHECK(h.step({T(0), T(0)}) == std::vector<T>{T(0), T(0)});
    h.step({T(1), nan});
    CHECK(std::isnan(h.optimizer().state(2, 0)[1]));
    CHECK(h.optimizer().state(2, 0)[0] == Approx(0.999 * 0 + 0.001).epsilon(1e-6));
}

TEST_CASE("adam: with_amsgrad is named and checked as amsgrad (the name checkpoints store)", "[modules][adam]") {
    CHECK(describe(adam().with_amsgrad()).starts_with("amsgrad(beta1=0.9, beta2=0.999"));
    CHECK_THROWS_WITH(adam{.beta1 = 1}.with_amsgrad() | lr(1),
                      Catch::Contains("tzero: amsgrad: beta1 must be in [0, 1)"));
    CHECK_THROWS_WITH(adam{.beta2 = -1}.with_amsgrad() | lr(1),
                      Catch::Contains("tzero: amsgrad: beta2 must be in [0, 1)"));
    CHECK_THROWS_WITH(adam{.eps = 0}.with_amsgrad() | lr(1), Catch::Contains("tzero: amsgrad: eps must be > 0"));
    CHECK_THROWS_WITH(adam{.alpha = std::nan("")}.with_amsgrad() | lr(1),
                      Catch::Contains("tzero: amsgrad: alpha must be a finite number"));
}
