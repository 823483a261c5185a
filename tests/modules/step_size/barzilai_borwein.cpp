#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(plan_of<barzilai_borwein>::passes == 2);
static_assert(plan_of<barzilai_borwein>::state_slots == 2 && plan_of<barzilai_borwein>::reduce_slots == 1);
static_assert(plan_of<barzilai_borwein>::max_terms == 5);
static_assert(plan_of<barzilai_borwein>::maxima_of_pass(0) == 1);  // max|u|, the last term

namespace {
constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
/// barzilai_borwein's sums: sᵀy, yᵀy, sᵀs, the element size summed over `count` elements (4:
/// float, 8: double), then max|u| (2 unless given: >= 1, so the fallback gives alpha_0).
reduction<detail::bb_terms, 1> sums(double sy, double yy, double ss, double* state, long step, double size = 8,
                                    double max_abs = 2) {
    return {{sy, yy, ss, size, max_abs}, 1, state, step};
}
}  // namespace

TEMPLATE_TEST_CASE("barzilai_borwein: short, long and geometric step sizes from the last step",
                   "[modules][barzilai_borwein]", float, double) {
    using T = TestType;
    // step 1: no previous step, so the fallback: max|g| = 4 >= 1 gives alpha_0.
    // step 2: s = {-1, 2}, y = {1, 0} - {2, -4} = {-1, 4}: sᵀy = 9, yᵀy = 17, sᵀs = 5
    auto const run = [](bb_type type) {
        tzero_test::harness<T, barzilai_borwein> h(barzilai_borwein{.type = type, .alpha_0 = 0.5}, {T(1), T(2)});
        CHECK(h.step({T(2), T(-4)}) == std::vector<T>{T(1), T(-2)});
        return h.step({T(1), T(0)})[0];
    };
    CHECK(run(bb_type::short_step) == Approx(9.0 / 17));
    CHECK(run(bb_type::long_step) == Approx(5.0 / 9));
    CHECK(run(bb_type::geom) == Approx(std::sqrt(5.0 / 17)));
    CHECK(run(bb_type::geom_fallback) == Approx(std::sqrt(5.0 / 17)));
}

TEMPLATE_TEST_CASE("barzilai_borwein: use_grad=false differences the update", "[modules][barzilai_borwein]", float,
                   double) {
    using T = TestType;
    // u = 2g: step 1 moves by 0.5·{4, -8}; step 2 y = {2, 0} - {4, -8}: sᵀy = 36, yᵀy = 68
    auto const c = mul(2.0) | barzilai_borwein{.type = bb_type::short_step, .alpha_0 = 0.5, .use_grad = false};
    tzero_test::harness<T, decltype(c)> h(c, {T(1), T(2)});
    CHECK(h.step({T(2), T(-4)}) == std::vector<T>{T(2), T(-4)});
    CHECK(h.step({T(1), T(0)})[0] == Approx(2 * 36.0 / 68));
    // with the raw gradient: y = {-1, 4}, sᵀy = 18, yᵀy = 17
    auto const d = mul(2.0) | barzilai_borwein{.type = bb_type::short_step, .alpha_0 = 0.5};
    tzero_test::harness<T, decltype(d)> k(d, {T(1), T(2)});
    k.step({T(2), T(-4)});
    CHECK(k.step({T(1), T(0)})[0] == Approx(2 * 18.0 / 17));
}

TEMPLATE_TEST_CASE("barzilai_borwein: negative curvature and no curvature", "[modules][barzilai_borwein]", float,
                   double) {
    using T = TestType;
    // step 2: y = {3, -6} - {2, -4} = {1, -2}, s = {-1, 2}: sᵀy = -5, yᵀy = 5. short and long are
    // -1 (not acceptable: the fallback, alpha_0); geom is √((-1)·(-1)) = 1, as torchzero's.
    auto const run = [](bb_type type) {
        tzero_test::harness<T, barzilai_borwein> h(barzilai_borwein{.type = type, .alpha_0 = 0.5}, {T(1), T(2)});
        h.step({T(2), T(-4)});
        return h.step({T(3), T(-6)})[0];
    };
    CHECK(run(bb_type::short_step) == Approx(1.5));
    CHECK(run(bb_type::long_step) == Approx(1.5));
    CHECK(run(bb_type::geom) == Approx(3));
    // zero gradients: the fallback's max|u| < alpha_0 gives 1, and s = y = 0 gives no step size
    tzero_test::harness<T, barzilai_borwein> z(barzilai_borwein(), {T(1), T(2)});
    CHECK(z.step({T(0), T(0)}) == std::vector<T>{T(0), T(0)});
    CHECK(z.step({T(0), T(0)}) == std::vector<T>{T(0), T(0)});
    CHECK(std::isnan(z.optimizer().reduce_state(0)[0]));
    CHECK(describe(barzilai_borwein()) == "barzilai_borwein(type=geom, alpha_0=1e-07, use_grad=true)");
    CHECK(describe(barzilai_borwein{.type = bb_type::geom_fallback}).find("type=geom-fallback") != std::string::npos);
}

TEST_CASE("barzilai_borwein: finalize follows torchzero's _bb_short, _bb_long and _bb_geom",
          "[modules][barzilai_borwein]") {
    double s[1] = {0};
    auto const bb = [](bb_type type) { return barzilai_borwein{.type = type}; };
    CHECK(bb(bb_type::short_step).finalize(sums(2, 4, 9, s, 2)) == 0.5);
    CHECK(bb(bb_type::long_step).finalize(sums(2, 4, 9, s, 2)) == 4.5);
    CHECK(bb(bb_type::geom).finalize(sums(2, 4, 9, s, 2)) == Approx(1.5));
    CHECK(s[0] == Approx(1.5));
    // yᵀy = 0: short falls back on sᵀs/sᵀy; sᵀy = 0: long falls back on sᵀy/yᵀy = 0, not
    // acceptable, so the fallback (alpha_0 for the counts `sums` gives)
    CHECK(bb(bb_type::short_step).finalize(sums(2, 0, 9, s, 2)) == 4.5);
    CHECK(bb(bb_type::long_step).finalize(sums(0, 4, 9, s, 2)) == 1e-7);
    CHECK(s[0] == 0);
    // sᵀy and yᵀy below ε: none of them (stored as NaN). Short has none exactly when long has
    // none, so geom-fallback always equals geom
    for (auto type : {bb_type::short_step, bb_type::long_step, bb_type::geom, bb_type::geom_fallback}) {
        s[0] = 1;
        CHECK(bb(type).finalize(sums(-1, 0, 9, s, 2)) == 1e-7);
        CHECK(std::isnan(s[0]));
    }
    CHECK(bb(bb_type::geom_fallback).finalize(sums(2, 0, 9, s, 2)) == 4.5);
    // the first step keeps no step size: the fallback
    s[0] = 0;
    CHECK(bb(bb_type::geom).finalize(sums(2, 4, 9, s, 1)) == 1e-7);
    CHECK(s[0] == 0);
}

TEST_CASE("barzilai_borwein: tiny and max are the parameters' type's", "[modules][barzilai_borwein]") {
    double s[1] = {0};
    auto const m = barzilai_borwein{.type = bb_type::short_step};
    // yᵀy = 1e-40 is below float's tiny (short falls back on sᵀs/sᵀy = 3) but not double's (2e40)
    CHECK(m.finalize(sums(2, 1e-40, 6, s, 2, 4)) == 3);
    CHECK(m.finalize(sums(2, 1e-40, 6, s, 2, 8)) == Approx(2e40));
    // 2e38 is acceptable in double only; 1e-38 (< 2·FLT_MIN) too
    CHECK(m.finalize(sums(2e38, 1, 0, s, 2, 4)) == 1e-7);
    CHECK(m.finalize(sums(2e38, 1, 0, s, 2, 8)) == 2e38);
    CHECK(m.finalize(sums(1e-38, 1, 0, s, 2, 4)) == 1e-7);
    CHECK(m.finalize(sums(1e-38, 1, 0, s, 2, 8)) == 1e-38);
    auto const f = detail::finfo_from(4 * 10, 10), d = detail::finfo_from(8 * 10, 10);
    CHECK(f.tiny == double(std::numeric_limits<float>::min()));
    CHECK(d.max == std::numeric_limits<double>::max());
    CHECK_FALSE(detail::acceptable_alpha(not_a_number, d));
    CHECK_FALSE(detail::acceptable_alpha(std::numeric_limits<double>::infinity(), d));
    CHECK_FALSE(detail::acceptable_alpha(-1, d));
    CHECK(detail::acceptable_alpha(1, f));
}

TEST_CASE("barzilai_borwein: epsilon_step_size is torchzero's from max|u|", "[modules][barzilai_borwein]") {
    // (max|u|, alpha_0)
    CHECK(detail::epsilon_step_size(1e-10, 1e-7) == 1);  // max|u| < alpha_0
    CHECK(detail::epsilon_step_size(0, 1e-7) == 1);
    CHECK(detail::epsilon_step_size(-INFINITY, 1e-7) == 1);  // no elements: the fold's identity
    CHECK(detail::epsilon_step_size(10, 1e-7) == 1e-7);      // max|u| >= 1
    CHECK(detail::epsilon_step_size(1, 1e-7) == 1e-7);
    CHECK(detail::epsilon_step_size(1e-7, 1e-7) == 1);  // max|u| = alpha_0: alpha_0 / max|u|
    // max|u| in (alpha_0, 1): alpha_0 / max|u|, exactly (the old count-based form gave alpha_0 for
    // anything but a single element)
    CHECK(detail::epsilon_step_size(0.5, 1e-7) == 2e-7);
    CHECK(detail::epsilon_step_size(0.9, 1e-7) == 1e-7 / 0.9);
    CHECK(detail::epsilon_step_size(0.3, 0.25) == 0.25 / 0.3);
    CHECK(detail::epsilon_step_size(std::nextafter(1.0, 0.0), 0.5) == 0.5 / std::nextafter(1.0, 0.0));
    // a NaN update: every comparison fails, so alpha_0, as torchzero's
    CHECK(detail::epsilon_step_size(not_a_number, 1e-7) == 1e-7);
    CHECK(detail::epsilon_step_size(INFINITY, 1e-7) == 1e-7);
    // torchzero with alpha_0 > 1: max|u| >= alpha_0 > 1 gives alpha_0, otherwise 1
    CHECK(detail::epsilon_step_size(3, 2) == 2);
    CHECK(detail::epsilon_step_size(1, 2) == 1);
}

TEST_CASE("barzilai_borwein: the fallback reads max|u|, the last term", "[modules][barzilai_borwein]") {
    double s[1] = {0};
    auto const m = barzilai_borwein{.type = bb_type::geom};
    // the first step has no step size: epsilon_step_size(max|u|)
    CHECK(m.finalize(sums(2, 4, 9, s, 1, 8, 0.5)) == 2e-7);
    CHECK(m.finalize(sums(2, 4, 9, s, 1, 8, 0.8)) == 1e-7 / 0.8);
    CHECK(m.finalize(sums(2, 4, 9, s, 1, 8, 1e-9)) == 1);
    CHECK(m.finalize(sums(2, 4, 9, s, 1, 8, not_a_number)) == 1e-7);
    CHECK(barzilai_borwein{.alpha_0 = 0.25}.finalize(sums(2, 4, 9, s, 1, 8, 0.5)) == 0.5);
    // negative curvature on step 2: not acceptable, the fallback from the same max
    CHECK(m.finalize(sums(-1, 0, 9, s, 2, 4, 0.5)) == 2e-7);
    CHECK(std::isnan(s[0]));
}

TEMPLATE_TEST_CASE("barzilai_borwein: the first step scales by alpha_0 / max|u| through the optimizer",
                   "[modules][barzilai_borwein]", float, double) {
    using T = TestType;
    // max|g| = 0.5 over 3 tensors (one of 9 elements): epsilon_step_size = 0.1 / 0.5 = 0.2
    tzero_test::tensor_list<T> p{{{2}, {9}, {1}}}, g{{{2}, {9}, {1}}};
    g.values = {{T(0.25), T(-0.125)}, std::vector<T>(9, T(0.0625)), {T(-0.5)}};
    g.values[1][4] = T(0.375);
    optimizer opt(barzilai_borwein{.alpha_0 = 0.1}, p.views());
    opt.step(g.const_views());
    CHECK(p.values[0][0] == Approx(-0.05));
    CHECK(p.values[0][1] == Approx(0.025));
    CHECK(p.values[1][4] == Approx(-0.075));
    CHECK(p.values[2][0] == Approx(0.1));
}

TEST_CASE("barzilai_borwein: bad hyperparameters are refused", "[modules][barzilai_borwein][errors]") {
    CHECK_THROWS_WITH(barzilai_borwein{.alpha_0 = 0}.validate(),
                      Contains("tzero: barzilai_borwein: alpha_0 must be a finite number > 0") && Contains("got 0"));
    CHECK_THROWS_WITH(barzilai_borwein{.alpha_0 = std::numeric_limits<double>::infinity()}.validate(),
                      Contains("tzero: barzilai_borwein: alpha_0"));
    CHECK_THROWS_WITH(barzilai_borwein{.type = bb_type(7)}.validate(),
                      Contains("tzero: barzilai_borwein: type must be a bb_type") && Contains("got 7"));
}

TEMPLATE_TEST_CASE("barzilai_borwein: inner scales the chain's output and c stays the update entering the module",
                   "[modules][barzilai_borwein]", float, double) {
    using T = TestType;
    for (bool use_grad : {true, false}) {
        // step 1: the fallback alpha_0 (max|inner(u)| = 8 >= 1) times inner(u) = {4, -8}: p = {0, 4}
        // step 2: s = {-1, 2}, y = {1, 0} − {2, −4} = {-1, 4} (of u, not of inner(u)): short α = 9/17
        auto const m = barzilai_borwein{.type = bb_type::short_step, .alpha_0 = 0.25, .use_grad = use_grad};
        tzero_test::harness<T, decltype(m.with_inner(mul(2.0)))> h(m.with_inner(mul(2.0)), {T(1), T(2)});
        CHECK(h.step({T(2), T(-4)}) == std::vector<T>{T(1), T(-2)});
        auto const out = h.step({T(1), T(0)});
        CHECK(out[0] == Approx(18.0 / 17));
        CHECK(out[1] == 0);
    }
    // the first step's fallback from max|inner(u)| = 0.5 (not max|u| = 1): 1e-7 / 0.5
    tzero_test::harness<T, decltype(barzilai_borwein().with_inner(mul(0.5)))> f(barzilai_borwein().with_inner(mul(0.5)),
                                                                                {T(0), T(0)});
    auto const out = f.step({T(1), T(-0.5)});
    CHECK(out[0] == Approx(1e-7));
    CHECK(out[1] == Approx(-5e-8));
    // a stateful inner chain steps once a step: ema = {1, -2} (p = {0.75, 2.5}), then {1, -1};
    // s = {-0.25, 0.5}, y = {-1, 4}: short α = 2.25/17
    auto const e = barzilai_borwein{.type = bb_type::short_step, .alpha_0 = 0.25}.with_inner(ema(0.5));
    tzero_test::harness<T, decltype(e)> s(e, {T(1), T(2)});
    CHECK(s.step({T(2), T(-4)}) == std::vector<T>{T(0.25), T(-0.5)});
    auto const next = s.step({T(1), T(0)});
    CHECK(next[0] == Approx(2.25 / 17));
    CHECK(next[1] == Approx(-2.25 / 17));
}

TEST_CASE("barzilai_borwein: an inner chain prints and validates", "[modules][barzilai_borwein][errors]") {
    static_assert(plan_of<decltype(barzilai_borwein().with_inner(ema(0.5)))>::state_slots == 3);
    CHECK(describe(barzilai_borwein().with_inner(sign())) ==
          "barzilai_borwein(type=geom, alpha_0=1e-07, use_grad=true, inner=[sign()])");
    CHECK_THROWS_WITH(validate(barzilai_borwein().with_inner(ema(2.0))), Catch::Contains("ema"));
}
