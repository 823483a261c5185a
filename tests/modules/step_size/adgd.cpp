#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(plan_of<adgd>::passes == 2);
static_assert(plan_of<adgd>::state_slots == 2 && plan_of<adgd>::reduce_slots == 3);
static_assert(plan_of<adgd>::max_terms == 6 && plan_of<adgd>::maxima_of_pass(0) == 2);  // max|c|, then max|u| last

namespace {
/// adgd's sums: sᵀy (unused), yᵀy, sᵀs, the element size, max|c|, max|u| (both 2 unless given:
/// >= 1, so the fallback gives alpha_0).
reduction<adgd::reduce_terms, 3> sums(double yy, double ss, double* state, double size = 8, double max_abs = 2) {
    return {{0, yy, ss, size, max_abs, max_abs}, 1, state, 0};
}
}  // namespace

TEMPLATE_TEST_CASE("adgd: variants 1 and 2 from the local Lipschitz estimate", "[modules][adgd]", float, double) {
    using T = TestType;
    // step 1: α = alpha_0 = 0.5, so s = {-1, 2}; step 2: y = {1, 0} - {2, -4} = {-1, 4}, L = √(17/5)
    double const L = std::sqrt(17.0 / 5);
    {  // variant 2: a₁ = √(2/3 + 1/3)·0.5, a₂ = 0.5/√(2·0.25·L² − 1) = 0.5/√0.7
        tzero_test::harness<T, adgd> h(adgd{.alpha_0 = 0.5}, {T(1), T(2)});
        CHECK(h.step({T(2), T(-4)}) == std::vector<T>{T(1), T(-2)});
        CHECK(h.step({T(1), T(0)})[0] == Approx(0.5));
        auto const r = h.optimizer().reduce_state(0);
        CHECK(r[0] == Approx(0.5));
        CHECK(r[1] == Approx(1));  // θ = α'/α
        CHECK(r[2] == 2);
    }
    {  // variant 1 with sqrt: a₁ = 0.5, a₂ = 1/(√2·L)
        tzero_test::harness<T, adgd> h(adgd{.variant = 1, .alpha_0 = 0.5}, {T(1), T(2)});
        h.step({T(2), T(-4)});
        double const a2 = 1 / (std::sqrt(2.0) * L);
        CHECK(h.step({T(1), T(0)})[0] == Approx(a2));
        CHECK(h.optimizer().reduce_state(0)[1] == Approx(a2 / 0.5));
    }
    {  // variant 1 without sqrt: a₂ = 1/(2L); use_grad=false: the same here (u = g)
        tzero_test::harness<T, adgd> h(adgd{.variant = 1, .alpha_0 = 0.5, .sqrt = false, .use_grad = false},
                                       {T(1), T(2)});
        h.step({T(2), T(-4)});
        CHECK(h.step({T(1), T(0)})[0] == Approx(1 / (2 * L)));
    }
    // zero gradients: L = 0/0 is NaN, a₂ = α/√ε, and α' = a₁ = √(2/3 + 1/3)·α = α
    tzero_test::harness<T, adgd> z(adgd(), {T(1)});
    CHECK(z.step({T(0)}) == std::vector<T>{T(0)});
    CHECK(z.step({T(0)}) == std::vector<T>{T(0)});
    CHECK(z.optimizer().reduce_state(0)[0] == Approx(1e-7));
    CHECK(describe(adgd()) == "adgd(variant=2, alpha_0=1e-07, sqrt=true, use_grad=true)");
}

TEST_CASE("adgd: an unacceptable step size starts over, with the type's max", "[modules][adgd]") {
    auto const m = adgd{.variant = 1};
    // variant 1, yᵀy = 0: a₂ = ∞, so α' = √(1 + θ)·α = √2·1.5e38 = 2.1e38: above float's max/2
    double f[3] = {1.5e38, 1, 3};
    CHECK(m.finalize(sums(0, 1, f, 4)) == 1e-7);  // the fallback, and a fresh start
    CHECK((f[0] == 0 && f[1] == 0 && f[2] == 0));
    CHECK(m.finalize(sums(0, 1, f, 4)) == 1e-7);  // k = 0: α = alpha_0
    CHECK(f[2] == 1);
    double d[3] = {1.5e38, 1, 3};
    CHECK(m.finalize(sums(0, 1, d, 8)) == Approx(std::sqrt(2.0) * 1.5e38));
    CHECK(d[2] == 4);
    // variant 2, a₁ and a₂ both below ε: α stays, below 2·tiny, so the fallback
    double s[3] = {1e-310, 0.5, 1};
    CHECK(adgd().finalize(sums(1, 1, s, 8)) == 1e-7);
    // the fallback from max|u| in (alpha_0, 1): alpha_0 / max|u|; a NaN max: alpha_0
    double h[3] = {1e-310, 0.5, 1};
    CHECK(adgd().finalize(sums(1, 1, h, 8, 0.25)) == 4e-7);
    double n[3] = {1e-310, 0.5, 1};
    CHECK(adgd().finalize(sums(1, 1, n, 8, NAN)) == 1e-7);
}

TEST_CASE("adgd: bad hyperparameters are refused", "[modules][adgd][errors]") {
    CHECK_THROWS_WITH(adgd{.variant = 3}.validate(),
                      Contains("tzero: adgd: variant must be 1 or 2") && Contains("got 3"));
    CHECK_THROWS_WITH(adgd{.alpha_0 = 0}.validate(), Contains("tzero: adgd: alpha_0 must be a finite number > 0"));
}

TEMPLATE_TEST_CASE("adgd: inner scales the chain's output and c stays the update entering the module",
                   "[modules][adgd]", float, double) {
    using T = TestType;
    // step 1: α = alpha_0 = 0.5 times inner(u) = {4, -8}: s = {-2, 4};  step 2: y = {-6, 12} (of u,
    // not of inner(u)), L = √180/√20 = 3; variant 1: a₁ = 0.5, a₂ = 1/(3√2), times inner(u) = {-8, 16}
    auto const m = adgd{.variant = 1, .alpha_0 = 0.5, .use_grad = false}.with_inner(mul(2.0));
    tzero_test::harness<T, decltype(m)> h(m, {T(1), T(2)});
    CHECK(h.step({T(2), T(-4)}) == std::vector<T>{T(2), T(-4)});
    auto const out = h.step({T(-4), T(8)});
    double const a2 = 1 / (3 * std::sqrt(2.0));
    CHECK(out[0] == Approx(-8 * a2));
    CHECK(out[1] == Approx(16 * a2));
    CHECK(h.optimizer().reduce_state(0)[1] == Approx(a2 / 0.5));  // θ
}

TEMPLATE_TEST_CASE("adgd: alpha_0 NaN (torchzero's None) starts from epsilon_step_size of c", "[modules][adgd]", float,
                   double) {
    using T = TestType;
    // max|c| = 0.5: α = 1e-7/0.5
    tzero_test::harness<T, adgd> h(adgd{.alpha_0 = NAN}, {T(0), T(0)});
    auto const out = h.step({T(0.5), T(-0.25)});
    CHECK(out[0] == Approx(1e-7));
    CHECK(out[1] == Approx(-5e-8));
    CHECK(h.optimizer().reduce_state(0)[0] == Approx(2e-7));
    // max|c| below 1e-7: α = 1
    tzero_test::harness<T, adgd> z(adgd{.alpha_0 = NAN}, {T(0)});
    CHECK(z.step({T(1e-8)})[0] == Approx(1e-8));
    // c is the gradient entering the module, not inner(u) = 4u: max|c| = 0.5, so α = 2e-7
    auto const i = adgd{.alpha_0 = NAN}.with_inner(mul(4.0));
    tzero_test::harness<T, decltype(i)> w(i, {T(0), T(0)});
    auto const scaled = w.step({T(0.5), T(-0.25)});
    CHECK(scaled[0] == Approx(4e-7));
    CHECK(scaled[1] == Approx(-2e-7));
}

TEST_CASE("adgd: alpha_0 NaN's fallback takes 1e-7 for alpha_0, and a fresh start takes e(c) again",
          "[modules][adgd]") {
    auto const m = adgd{.alpha_0 = NAN};
    // terms: sᵀy (unused), yᵀy, sᵀs, the element size, max|c|, max|u|; α below 2·tiny stays, unacceptable
    double s[3] = {1e-310, 0.5, 1};
    CHECK(m.finalize(reduction<adgd::reduce_terms, 3>{{0, 1, 1, 8, 0.5, 0.25}, 1, s, 0}) == 4e-7);
    CHECK((s[0] == 0 && s[1] == 0 && s[2] == 0));
    CHECK(m.finalize(reduction<adgd::reduce_terms, 3>{{0, 1, 1, 8, 0.5, 0.25}, 1, s, 0}) == 2e-7);  // k = 0: e(c)
    CHECK(s[2] == 1);
    CHECK_NOTHROW(m.validate());
    CHECK(describe(adgd().with_inner(sign())) ==
          "adgd(variant=2, alpha_0=1e-07, sqrt=true, use_grad=true, inner=[sign()])");
    CHECK_THROWS_WITH(adgd{.alpha_0 = INFINITY}.validate(),
                      Catch::Contains("tzero: adgd: alpha_0 must be a finite number > 0"));
    CHECK_THROWS_WITH(validate(adgd().with_inner(ema(2.0))), Catch::Contains("ema"));
    static_assert(plan_of<decltype(adgd().with_inner(ema(0.5)))>::state_slots == 3);
    static_assert(plan_of<adgd>::max_terms == 6 && plan_of<adgd>::maxima_of_pass(0) == 2);  // max|c|, max|u|
}
