#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(plan_of<bb_stab>::passes == 2);
static_assert(plan_of<bb_stab>::state_slots == 2 && plan_of<bb_stab>::reduce_slots == 3);
static_assert(plan_of<bb_stab>::max_terms == 6 && plan_of<bb_stab>::maxima_of_pass(0) == 1);
static_assert(bb_stab::cc == 4);  // ‖c‖², before max|u|

namespace {
/// bb_stab's sums: sᵀy, yᵀy, sᵀs, the element size (double), ‖c‖², max|u| (2 unless given: >= 1,
/// so the fallback gives alpha_0).
reduction<6, 3> sums(double sy, double yy, double ss, double cc, double* state, long step, double max_abs = 2) {
    return {{sy, yy, ss, 8, cc, max_abs}, 1, state, step};
}
}  // namespace

TEMPLATE_TEST_CASE("bb_stab: the Barzilai-Borwein step, its norm limited to delta", "[modules][bb_stab]", float,
                   double) {
    using T = TestType;
    // as barzilai_borwein's test: step 2 has sᵀy = 9, yᵀy = 17, short = 9/17, and ‖g‖ = 1
    auto const run = [](double delta) {
        tzero_test::harness<T, bb_stab> h(bb_stab{.delta = delta, .type = bb_type::short_step, .alpha_0 = 0.5},
                                          {T(1), T(2)});
        CHECK(h.step({T(2), T(-4)}) == std::vector<T>{T(1), T(-2)});
        return h.step({T(1), T(0)})[0];
    };
    CHECK(run(1e9) == Approx(9.0 / 17));
    CHECK(run(0.1) == Approx(0.1));
    CHECK(run(0) == Approx(9.0 / 17));  // adaptive: the first steps are not limited
    tzero_test::harness<T, bb_stab> z(bb_stab(), {T(1)});
    CHECK(z.step({T(0)}) == std::vector<T>{T(0)});
    CHECK(z.step({T(0)}) == std::vector<T>{T(0)});
    CHECK(describe(bb_stab()) == "bb_stab(c=0.2, delta=0, type=geom, alpha_0=1e-07, use_grad=true, inf_iters=3)");
}

TEST_CASE("bb_stab: adaptive delta from the smallest ‖s‖ of steps 2..inf_iters+1 with a step size",
          "[modules][bb_stab]") {
    auto const m = bb_stab{.type = bb_type::long_step};  // c = 0.2, inf_iters = 3
    double s[3] = {0, 0, 0};
    CHECK(m.finalize(sums(1, 1, 4, 1, s, 1)) == 1e-7);  // first step: the fallback
    CHECK(m.finalize(sums(1, 1, 4, 1, s, 2)) == 4);     // n = 0: ‖s‖ not counted
    CHECK(s[1] == 1);
    CHECK(m.finalize(sums(1, 1, 1, 1, s, 3)) == 1);  // ‖s‖ = 1
    CHECK(s[2] == 1);
    CHECK(m.finalize(sums(0.25, 1, 0.25, 1, s, 4)) == 1);  // ‖s‖ = 0.5
    CHECK(s[2] == 0.5);
    CHECK(m.finalize(sums(2, 1, 4, 1, s, 5)) == 2);  // ‖s‖ = 2: the minimum stays 0.5
    CHECK(s[2] == 0.5);
    CHECK(s[1] == 4);
    // n = 4 > inf_iters: delta = 0.2·0.5 = 0.1, ‖c‖ = 0.1: α = min(9/3, 0.1/0.1)
    CHECK(m.finalize(sums(3, 1, 9, 0.01, s, 6)) == Approx(1));
    CHECK(m.finalize(sums(3, 1, 9, 1e-6, s, 7)) == Approx(3));  // a_stab = 100
    // no step size (sᵀy, yᵀy below tiny): α₀ and n stay
    CHECK(m.finalize(sums(0, 0, 9, 1, s, 8)) == Approx(3));
    CHECK(s[1] == 6);
    // a fixed delta: no counting; ‖c‖ = 0 gives a_stab = ∞
    auto const fixed = bb_stab{.delta = 2, .type = bb_type::long_step};
    double f[3] = {0, 0, 0};
    CHECK(fixed.finalize(sums(1, 1, 4, 4, f, 2)) == 1);
    CHECK(fixed.finalize(sums(1, 1, 4, 0, f, 3)) == 4);
    CHECK(f[1] == 0);
    // negative curvature: a negative α is stored, not acceptable: the fallback
    CHECK(bb_stab{.type = bb_type::short_step}.finalize(sums(-1, 1, 1, 1, f, 4)) == 1e-7);
    CHECK(f[0] == -1);
    // the fallback from max|u| in (alpha_0, 1): alpha_0 / max|u|; a NaN max: alpha_0
    CHECK(bb_stab{.type = bb_type::short_step}.finalize(sums(-1, 1, 1, 1, f, 5, 0.5)) == 2e-7);
    CHECK(bb_stab{.type = bb_type::short_step}.finalize(sums(-1, 1, 1, 1, f, 6, NAN)) == 1e-7);
    CHECK(bb_stab{.type = bb_type::short_step}.finalize(sums(-1, 1, 1, 1, f, 7, 1e-8)) == 1);
}

TEST_CASE("bb_stab: bad hyperparameters are refused", "[modules][bb_stab][errors]") {
    CHECK_THROWS_WITH(bb_stab{.c = -1}.validate(), Contains("tzero: bb_stab: c must be a finite number >= 0"));
    CHECK_THROWS_WITH(bb_stab{.delta = -1}.validate(), Contains("tzero: bb_stab: delta must be >= 0"));
    CHECK_THROWS_WITH(bb_stab{.type = bb_type(4)}.validate(), Contains("tzero: bb_stab: type must be a bb_type"));
    CHECK_THROWS_WITH(bb_stab{.alpha_0 = -1}.validate(),
                      Contains("tzero: bb_stab: alpha_0 must be a finite number > 0"));
    CHECK_THROWS_WITH(bb_stab{.inf_iters = 0}.validate(),
                      Contains("tzero: bb_stab: inf_iters must be >= 1") && Contains("got 0"));
}

TEMPLATE_TEST_CASE("bb_stab: inner scales the chain's output and c and its norm stay the update's",
                   "[modules][bb_stab]", float, double) {
    using T = TestType;
    // step 1: alpha_0·inner(u) = 0.25·{4, -8}; step 2: c = u = {1, 0} (not inner(u)): short α = 9/17,
    // limited to delta/‖c‖ = 0.25, times inner(u) = {2, 0}
    auto const m =
        bb_stab{.delta = 0.25, .type = bb_type::short_step, .alpha_0 = 0.25, .use_grad = false}.with_inner(mul(2.0));
    tzero_test::harness<T, decltype(m)> h(m, {T(1), T(2)});
    CHECK(h.step({T(2), T(-4)}) == std::vector<T>{T(1), T(-2)});
    CHECK(h.step({T(1), T(0)}) == std::vector<T>{T(0.5), T(0)});
    // the first step's fallback from max|inner(u)| = 0.5: 1e-7 / 0.5
    tzero_test::harness<T, decltype(bb_stab().with_inner(mul(0.5)))> f(bb_stab().with_inner(mul(0.5)), {T(0), T(0)});
    auto const out = f.step({T(1), T(-0.5)});
    CHECK(out[0] == Approx(1e-7));
    CHECK(out[1] == Approx(-5e-8));
}

TEST_CASE("bb_stab: an inner chain prints and validates", "[modules][bb_stab][errors]") {
    static_assert(plan_of<decltype(bb_stab().with_inner(ema(0.5)))>::state_slots == 3);
    CHECK(describe(bb_stab{.delta = 0.5}.with_inner(sign())) ==
          "bb_stab(c=0.2, delta=0.5, type=geom, alpha_0=1e-07, use_grad=true, inf_iters=3, inner=[sign()])");
    CHECK_THROWS_WITH(validate(bb_stab().with_inner(ema(2.0))), Catch::Contains("ema"));
}
