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

namespace {
/// adgd's sums: sᵀy (unused), yᵀy, sᵀs, the fallback's (max|u| >= 1: alpha_0), the element size.
reduction<7, 3> sums(double yy, double ss, double* state, double size = 8) {
    return {{0, yy, ss, 1, 1, 4, size}, 1, state, 0};
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
}

TEST_CASE("adgd: bad hyperparameters are refused", "[modules][adgd][errors]") {
    CHECK_THROWS_WITH(adgd{.variant = 3}.validate(), Contains("tzero: adgd: variant must be 1 or 2") && Contains("got 3"));
    CHECK_THROWS_WITH(adgd{.alpha_0 = 0}.validate(), Contains("tzero: adgd: alpha_0 must be a finite number > 0"));
}
