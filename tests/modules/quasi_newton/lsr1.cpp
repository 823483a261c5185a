// lsr1: the direction against torchzero's recursion written out over vectors (lsr1_Hx) on a
// noisy quadratic's gradients: the history wrapping, a skipped pair (w_kᵀy_k ≈ 0), restarts, the
// first step's scale; the plan; validation. Parity with torchzero with line searches:
// tests/reference/closure_parity.cpp (lsr1_*).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <type_traits>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(reduce_module<lsr1<>> && plan_of<lsr1<>>::state_slots == 22 && plan_of<lsr1<>>::reduce_slots == 203);
// L-BFGS's sums and s_newᵀY: 5·M + 9
static_assert(reduce_terms_v<lsr1<4>> == 29 && reduce_maxima_v<lsr1<4>> == 3 && reduce_outputs_v<lsr1<4>> == 11);
static_assert(plan_of<decltype(lsr1() | lr(0.1))>::passes == 2);
// detail::pair_history, the history lbfgs and lsr1 share: lsr1's adds SᵀY's lower triangle (M sums)
static_assert(detail::pair_history<4, true>::term_count == detail::pair_history<4, false>::term_count + 4 &&
              std::is_same_v<lsr1<4>::history, detail::pair_history<4, true>> &&
              std::is_same_v<lbfgs<4>::history, detail::pair_history<4, false>>);

namespace {
using vec = std::vector<double>;
using tzero_test::dot;

/// torchzero's LSR1 written out: the history update, then lsr1_Hx over the vectors.
struct sr1_recursion {
    std::size_t m;
    double ptol = -1;
    bool ptol_restart = false, scale_first = false;
    tzero_test::pair_history_written_out h{m, ptol, ptol_restart};

    vec direction(vec const& p, vec const& g) {
        h.update(p, g, [](vec const&, vec const&) { return true; });
        auto const& s = h.s;
        auto const& y = h.y;
        vec x = g;
        if (s.empty()) {
            if (scale_first && h.step == 1) h.scale_first_step(x);
            return x;
        }
        double const eps = 2 * std::numeric_limits<double>::min();
        std::vector<vec> w;
        std::vector<double> wy;
        for (std::size_t k = 0; k < s.size(); ++k) {
            vec hy = y[k];
            for (std::size_t j = 0; j < k; ++j) {
                if (std::abs(wy[j]) < eps) continue;
                double const alpha = dot(w[j], y[k]) / wy[j];
                for (std::size_t i = 0; i < hy.size(); ++i) hy[i] += alpha * w[j][i];
            }
            vec wk(hy.size());
            for (std::size_t i = 0; i < wk.size(); ++i) wk[i] = s[k][i] - hy[i];
            wy.push_back(dot(wk, y[k]));
            w.push_back(wk);
        }
        vec d = x;
        for (std::size_t k = 0; k < w.size(); ++k) {
            if (std::abs(wy[k]) < eps) continue;
            double const beta = dot(w[k], x) / wy[k];
            for (std::size_t i = 0; i < d.size(); ++i) d[i] += beta * w[k][i];
        }
        return d;
    }
};

constexpr auto follow_lsr1 = tzero_test::follow_noisy_quadratic<sr1_recursion>;
}  // namespace

TEST_CASE("lsr1: the direction is torchzero's recursion over the vectors", "[modules][quasi_newton]") {
    SECTION("a history of 3 wrapping over 12 steps") { follow_lsr1(lsr1<3>() | lr(0.1), {.m = 3}, 12, 1); }
    SECTION("the default history") { follow_lsr1(lsr1() | lr(0.05), {.m = 10}, 14, 2, 0.05); }
    SECTION("the first step scaled") {
        follow_lsr1(lsr1<4>{.scale_first = true} | lr(0.1), {.m = 4, .scale_first = true}, 6, 3);
    }
    SECTION("ptol skips small steps, with a restart") {
        // lr 1e-3: the steps are ~1e-3, so ptol = 1e-2 skips every pair and restarts the history
        follow_lsr1(lsr1<2>{.ptol = 1e-2, .ptol_restart = true, .scale_first = true} | lr(1e-3),
                    {.m = 2, .ptol = 1e-2, .ptol_restart = true, .scale_first = true}, 6, 4, 1e-3);
        follow_lsr1(lsr1<2>{.ptol = 1e-2} | lr(1e-3), {.m = 2, .ptol = 1e-2}, 6, 5, 1e-3);
    }
}

TEST_CASE("lsr1: a pair with no curvature along w is skipped", "[modules][quasi_newton]") {
    // on f = ½xᵀx (H = I), y = s: w_0 = s_0 − y_0 = 0, so every pair is skipped and d = u
    tzero_test::tensor_list<double> p({{4}, {3}});
    p.fill_normal(6);
    optimizer opt(lsr1<3>() | lr(0.5), p.views());
    for (int t = 0; t < 4; ++t) {
        std::vector<double> const x = p.flat();
        tzero_test::tensor_list<double> g(p.shapes);
        g.assign_flat(x);
        opt.step(g.const_views());
        std::vector<double> const now = p.flat();
        for (std::size_t i = 0; i < x.size(); ++i) CHECK(now[i] == Approx(0.5 * x[i]).epsilon(1e-12));
    }
}

TEST_CASE("lsr1: validation and describe", "[modules][quasi_newton][errors]") {
    CHECK(describe(lsr1<4>()) == "lsr1(ptol=-1, ptol_restart=false, gtol=-1, gtol_restart=false, scale_first=false)");
    CHECK_THAT(describe_plan(lsr1() | strong_wolfe()), Contains("lsr1"));
}
