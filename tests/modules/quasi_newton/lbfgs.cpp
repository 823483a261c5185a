// lbfgs: the direction against the two-loop recursion written out (torchzero's lbfgs_Hx) over a
// gradient sequence, with pairs skipped for curvature, the history wrapping, restarts, the first
// step's scale, the plan, validation. Parity with torchzero with line searches:
// tests/reference/closure_parity.cpp (lbfgs_*).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(reduce_module<lbfgs<>> && plan_of<lbfgs<>>::state_slots == 22 && plan_of<lbfgs<>>::reduce_slots == 203);
static_assert(reduce_terms_v<lbfgs<4>> == 25 && reduce_maxima_v<lbfgs<4>> == 3 && reduce_outputs_v<lbfgs<4>> == 11);
// 2 passes: the sums, then the direction with the history written in place
static_assert(plan_of<decltype(lbfgs() | lr(0.1))>::passes == 2);

namespace {
using vec = std::vector<double>;
using tzero_test::dot;

/// torchzero's LBFGS written out: the history update, then the two-loop recursion.
struct two_loop {
    std::size_t m;
    double sy_tol = 1e-32, ptol = 1e-32;
    bool ptol_restart = false, scale_first = true;
    tzero_test::pair_history_written_out h{m, ptol, ptol_restart};

    vec direction(vec const& p, vec const& g) {
        h.update(p, g, [this](vec const& s, vec const& y) { return dot(s, y) > sy_tol; });
        auto const& s = h.s;
        auto const& y = h.y;
        vec x = g;
        if (s.empty()) {
            if (scale_first && h.step == 1) h.scale_first_step(x);
            return x;
        }
        std::vector<double> sy(s.size());
        for (std::size_t k = 0; k < s.size(); ++k) sy[k] = dot(s[k], y[k]);
        std::vector<double> alpha(s.size());
        for (std::size_t k = s.size(); k-- > 0;) {
            alpha[k] = dot(s[k], x) / sy[k];
            for (std::size_t i = 0; i < x.size(); ++i) x[i] -= alpha[k] * y[k][i];
        }
        double const gamma = sy.back() / dot(y.back(), y.back());
        for (double& v : x) v *= gamma;
        for (std::size_t k = 0; k < s.size(); ++k) {
            double const beta = dot(y[k], x) / sy[k];
            for (std::size_t i = 0; i < x.size(); ++i) x[i] += s[k][i] * (alpha[k] - beta);
        }
        return x;
    }
};

constexpr auto follow = tzero_test::follow_noisy_quadratic<two_loop>;
}  // namespace

TEST_CASE("lbfgs: the compact form's direction is the two-loop recursion's", "[modules][quasi_newton]") {
    SECTION("history 3, wrapping after step 4") { follow(lbfgs<3>() | lr(0.1), two_loop{.m = 3}, 12, 1); }
    SECTION("history 1") { follow(lbfgs<1>() | lr(0.1), two_loop{.m = 1}, 6, 2); }
    SECTION("history 10, not full") { follow(lbfgs() | lr(0.1), two_loop{.m = 10}, 8, 3); }
    SECTION("pairs below sy_tol are skipped") {
        follow(lbfgs<4>{.sy_tol = 0.05} | lr(0.1), two_loop{.m = 4, .sy_tol = 0.05}, 12, 4);
    }
    SECTION("no first-step scale") {
        follow(lbfgs<2>{.scale_first = false} | lr(0.1), two_loop{.m = 2, .scale_first = false}, 5, 5);
    }
    SECTION("ptol restarts") {
        follow(lbfgs<3>{.ptol = 0.05, .ptol_restart = true} | lr(0.1),
               two_loop{.m = 3, .ptol = 0.05, .ptol_restart = true}, 15, 6);
    }
}

TEST_CASE("lbfgs: the first step is scaled to unit l1 length, as torch's", "[modules][quasi_newton]") {
    tzero_test::tensor_list<double> p({{4}, {0}});
    tzero_test::tensor_list<double> g(p.shapes);
    g.values[0] = {1, -2, 3, -4};  // Σ|u| = 10
    optimizer opt(lbfgs<>{}, p.views());
    opt.step(g.const_views());
    std::vector<double> const expected{-0.1, 0.2, -0.3, 0.4};
    for (std::size_t i = 0; i < 4; ++i) CHECK(p.values[0][i] == Approx(expected[i]).epsilon(1e-15));
    CHECK(opt.reduce_state(0)[0] == 1);  // one step
    CHECK(opt.reduce_state(0)[1] == 0);  // no pair yet
}

TEST_CASE("lbfgs with a search: a step writes 4 slots, and a throwing closure puts them back",
          "[modules][quasi_newton]") {
    // the pass stores the new pair, p′ and u′ only (the other pairs are read), saving the old
    // values of those it overwrites for the strong guarantee; a twin that never threw must agree
    static_assert(plan_of<decltype(lbfgs<3>() | strong_wolfe())>::snapshot_writes == 4);
    static_assert(plan_of<decltype(lbfgs<3>() | strong_wolfe())>::snapshot_slots == 8);
    tzero_test::tensor_list<double> p({{5}, {0}, {2, 3}}), twin_p(p.shapes);
    p.fill_normal(9);
    twin_p.values = p.values;
    tzero_test::quadratic_closure<double> f{p, {1, 3, 10}}, g{twin_p, {1, 3, 10}};
    optimizer opt(lbfgs<3>() | strong_wolfe(), p.views()), twin(lbfgs<3>() | strong_wolfe(), twin_p.views());
    auto const all_state = [&] {
        std::vector<vec> out;
        for (int j = 0; j < 8; ++j)
            for (std::size_t t = 0; t < 3; ++t) out.emplace_back(opt.state(j, t).begin(), opt.state(j, t).end());
        out.emplace_back(opt.reduce_state(0).begin(), opt.reduce_state(0).end());
        return out;
    };
    for (int step = 0; step < 6; ++step) {  // the ring wraps after 3 pairs
        INFO("step " << step + 1);
        std::vector<vec> const before = all_state();
        vec const x = p.flat();
        f.throw_at = f.calls + 1;  // at the first trial, after the pass wrote the history
        CHECK_THROWS_WITH(opt.step(f), Contains("the closure threw at trial 1"));
        CHECK(all_state() == before);
        CHECK(p.flat() == x);
        f.throw_at = -1;
        opt.step(f);
        twin.step(g);
        CHECK(p.flat() == twin_p.flat());
    }
}

TEST_CASE("lbfgs: validation and describe", "[modules][quasi_newton][errors]") {
    CHECK_THROWS_WITH(validate(lbfgs{.sy_tol = -1}), Contains("tzero: lbfgs: sy_tol must be >= 0"));
    CHECK(describe(lbfgs()) ==
          "lbfgs(ptol=1e-32, ptol_restart=false, gtol=1e-32, gtol_restart=false, sy_tol=1e-32, scale_first=true)");
}
