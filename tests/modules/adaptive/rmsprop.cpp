#include <catch2/catch.hpp>

#include <cmath>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

static_assert(plan_of<rmsprop<>>::state_slots == 1 && plan_of<rmsprop<centered_t>>::state_slots == 2);
static_assert(plan_of<decltype(rmsprop(0.9, 1e-8, centered) | lr(1))>::bytes_per_element<float> == 28);

TEST_CASE("rmsprop: plain, debiased, centered and init-update against the formula", "[modules][rmsprop]") {
    double const grads[] = {1.0, -2.0, 0.5, 0.0};
    SECTION("defaults") {
        tzero_test::harness<double, rmsprop<>> h(rmsprop{}, {0.0});
        double v = 0;
        for (double g : grads) {
            v = 0.99 * v + 0.01 * g * g;
            CHECK(h.step({g})[0] == Approx(g / (std::sqrt(v) + 1e-8)).epsilon(1e-12));
        }
    }
    SECTION("centered and debiased") {
        auto const r = rmsprop<centered_t>{.smoothing = 0.9, .debias = true};
        tzero_test::harness<double, rmsprop<centered_t>> h(r, {0.0});
        double v = 0, m = 0;
        int t = 0;
        for (double g : grads) {
            ++t;
            v = 0.9 * v + 0.1 * g * g;
            m = 0.9 * m + 0.1 * g;
            double bias = 1 - std::pow(0.9, t);
            double centered_v = v / bias - (m / bias) * (m / bias);
            double u = h.step({g})[0];
            // step 1 has zero variance (v̂ = m̂²): only the cancellation's rounding is left
            if (t > 1) CHECK(u == Approx(g / (std::sqrt(centered_v) + 1e-8)).epsilon(1e-6));
        }
    }
    SECTION("init update: the averages start at the first update and its square") {
        auto const r = rmsprop<>{.smoothing = 0.9, .init = rmsprop_init::update};
        tzero_test::harness<double, rmsprop<>> h(r, {0.0});
        double v = grads[0] * grads[0];
        for (double g : grads) {
            v = 0.9 * v + 0.1 * g * g;
            CHECK(h.step({g})[0] == Approx(g / (std::sqrt(v) + 1e-8)).epsilon(1e-12).margin(1e-300));
        }
    }
}

static_assert(std::is_same_v<decltype(rmsprop().with_amsgrad()), rmsprop<uncentered_t, amsgrad_on_t>>);
static_assert(plan_of<decltype(rmsprop(0.9, 1e-8, centered).with_amsgrad())>::state_slots == 3);
static_assert(decltype(rmsprop().with_amsgrad().with_inner(ema(0.9)).with_exp_avg_sq_tfm(ema(0.5)))::state_slots == 4);

TEST_CASE("rmsprop: with_amsgrad keeps every field and inner chain, and is idempotent", "[modules][rmsprop]") {
    auto const r =
        rmsprop{.smoothing = 0.5, .eps = 1e-3, .centered = centered, .debias = true, .init = rmsprop_init::update}
            .with_inner(sign())
            .with_exp_avg_sq_tfm(mul(2.0));
    auto const a = r.with_amsgrad();
    using R = std::remove_const_t<decltype(r)>;
    using A = std::remove_const_t<decltype(a)>;
    static_assert(
        std::is_same_v<A, rmsprop<centered_t, amsgrad_on_t, decltype(R::inner), decltype(R::exp_avg_sq_tfm)>>);
    static_assert(std::is_same_v<decltype(a.with_amsgrad()), A>);
    CHECK(a.smoothing == 0.5);
    CHECK(a.eps == 1e-3);
    CHECK(a.debias);
    CHECK(a.init == rmsprop_init::update);
    CHECK(describe(a) == describe(r).replace(describe(r).find("amsgrad=off"), 11, "amsgrad=on"));
    CHECK(describe(a.with_amsgrad()) == describe(a));
}

TEST_CASE("rmsprop: amsgrad divides by the running maximum of v", "[modules][rmsprop]") {
    double const grads[] = {2.0, 3.0, 0.1, 0.1};
    SECTION("from zeros") {
        tzero_test::harness<double, rmsprop<uncentered_t, amsgrad_on_t>> h(rmsprop{.smoothing = 0.9}.with_amsgrad(),
                                                                           {0.0});
        double v = 0, v_max = 0;
        for (double g : grads) {
            v = 0.9 * v + 0.1 * g * g;
            v_max = std::max(v_max, v);
            CHECK(h.step({g})[0] == Approx(g / (std::sqrt(v_max) + 1e-8)).epsilon(1e-12));
        }
        CHECK(v_max > v);  // the small gradients shrank v, not v_max
        CHECK(h.optimizer().state(0, 0)[0] == Approx(v).epsilon(1e-12));
        CHECK(h.optimizer().state(1, 0)[0] == Approx(v_max).epsilon(1e-12));
    }
    SECTION("init update and debiased: v_max starts at u₁², like v") {
        auto const r = rmsprop{.smoothing = 0.9, .debias = true, .init = rmsprop_init::update}.with_amsgrad();
        tzero_test::harness<double, std::remove_const_t<decltype(r)>> h(r, {0.0});
        double v = grads[0] * grads[0], v_max = v;
        int t = 0;
        for (double g : grads) {
            ++t;
            v = 0.9 * v + 0.1 * g * g;
            v_max = std::max(v_max, v);
            double const bias = 1 - std::pow(0.9, t);
            CHECK(h.step({g})[0] == Approx(g / (std::sqrt(v_max / bias) + 1e-8)).epsilon(1e-12));
        }
    }
}

TEST_CASE("rmsprop: inner runs on the update and exp_avg_sq_tfm on a copy of v̂ before centering",
          "[modules][rmsprop]") {
    // v and m are stepped from g itself; the numerator is sign(g) and v̂ is doubled where RMSprop
    // reads it, before m̂² is subtracted; the stored v stays RMSprop's own.
    auto const r = rmsprop(0.9, 1e-8, centered, true).with_amsgrad().with_inner(sign()).with_exp_avg_sq_tfm(mul(2.0));
    tzero_test::harness<double, std::remove_const_t<decltype(r)>> h(r, {0.0, 0.0});
    double v[2] = {}, m[2] = {}, v_max[2] = {};
    double const grads[3][2] = {{1.0, -0.5}, {-2.0, 0.25}, {0.5, 0.0}};
    for (int t = 1; t <= 3; ++t) {
        auto u = h.step({grads[t - 1][0], grads[t - 1][1]});
        double const bias = 1 - std::pow(0.9, t);
        for (int i = 0; i < 2; ++i) {
            double const g = grads[t - 1][i];
            v[i] = 0.9 * v[i] + 0.1 * g * g;
            m[i] = 0.9 * m[i] + 0.1 * g;
            v_max[i] = std::max(v_max[i], v[i]);
            double const sign = g > 0 ? 1 : g < 0 ? -1 : 0;
            double const second = 2 * v_max[i] / bias - (m[i] / bias) * (m[i] / bias);
            CHECK(u[std::size_t(i)] == Approx(sign / (std::sqrt(second) + 1e-8)).epsilon(1e-12));
        }
    }
    CHECK(h.optimizer().state(0, 0)[0] == Approx(v[0]).epsilon(1e-12));
}

TEST_CASE("rmsprop: a stateful inner chain keeps its own slots", "[modules][rmsprop]") {
    // inner = ema(0.5) of the update, exp_avg_sq_tfm = ema(0.5) of v: both from zero
    auto const r = rmsprop{.smoothing = 0.9}.with_inner(ema(0.5)).with_exp_avg_sq_tfm(ema(0.5));
    tzero_test::harness<double, std::remove_const_t<decltype(r)>> h(r, {0.0});
    double v = 0, n = 0, w = 0;
    for (double g : {1.0, -2.0, 0.5}) {
        v = 0.9 * v + 0.1 * g * g;
        n = 0.5 * n + 0.5 * g;
        w = 0.5 * w + 0.5 * v;
        CHECK(h.step({g})[0] == Approx(n / (std::sqrt(w) + 1e-8)).epsilon(1e-12));
    }
}

TEST_CASE("rmsprop: amsgrad and the inner chains print and validate, absent ones change nothing",
          "[modules][rmsprop]") {
    CHECK(describe(rmsprop()) ==
          "rmsprop(smoothing=0.99, eps=1e-08, centered=uncentered, debias=false, amsgrad=off, init=zeros)");
    CHECK(describe(rmsprop(0.9, 1e-8, centered).with_amsgrad().with_inner(sign()).with_exp_avg_sq_tfm(mul(2.0))) ==
          "rmsprop(smoothing=0.9, eps=1e-08, centered=centered, debias=false, amsgrad=on, init=zeros, "
          "inner=[sign()], exp_avg_sq_tfm=[mul(other=2)])");
    auto const kept =
        rmsprop{.smoothing = 0.5, .eps = 1e-3, .debias = true, .init = rmsprop_init::update}.with_inner(sign());
    CHECK(kept.smoothing == 0.5);
    CHECK(kept.eps == 1e-3);
    CHECK(kept.debias);
    CHECK(kept.init == rmsprop_init::update);
    CHECK_THROWS_WITH(validate(rmsprop().with_inner(ema(2.0))), Catch::Contains("ema"));
    CHECK_THROWS_WITH(validate(rmsprop().with_exp_avg_sq_tfm(ema(2.0))), Catch::Contains("ema"));
}
