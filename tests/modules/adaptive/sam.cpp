// sam and asam: a step against the method written out (p = 2, p = 3, ASAM's weighting, one
// global norm over every tensor), two closure calls a step and the first one's loss returned, a
// zero gradient (no ascent), the parameters put back exactly after the perturbed call, a throw at
// either call undone, loss-only line-search trials that evaluate the SAM objective, validation.
// Parity with torchzero (corrected: its norm is per tensor): reference/closure_parity.cpp (sam_*).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <vector>

#include <tzero/tzero.hpp>

#include "modules/quartic_closure.hpp"
#include "support.hpp"

using namespace tzero;
using Catch::Contains;
using tzero_test::quartic;

static_assert(gradient_approximator<sam> && reshapes_loss_v<asam> && !reshapes_loss_v<fdm>);
static_assert(plan_of<decltype(sam() | adam() | lr(0.1))>::passes == 1);  // the chain after it: one pass

namespace {
using vec = std::vector<double>;

/// w + ε, written out: ε = ρ·sign(g)·|g|^(q−1)·(w² with ASAM) / max((Σ(|g|·(|w| with ASAM))^q)^(1/p), eps).
vec ascended(vec const& w, double rho, double p, bool asam, double eps = 1e-10) {
    vec g(w.size());
    quartic::value(w, &g);
    double const q = p / (p - 1);
    double sum = 0;
    for (std::size_t i = 0; i < w.size(); ++i) sum += std::pow(std::abs(g[i]) * (asam ? std::abs(w[i]) : 1.0), q);
    double const denom = std::max(std::pow(sum, 1 / p), eps);
    vec out = w;
    for (std::size_t i = 0; i < w.size(); ++i) {
        double const sign = g[i] > 0 ? 1.0 : g[i] < 0 ? -1.0 : 0.0;
        out[i] += sign * rho * std::pow(std::abs(g[i]), q - 1) / denom * (asam ? w[i] * w[i] : 1.0);
    }
    return out;
}
}  // namespace

TEST_CASE("sam: a step is the gradient at w + ε, written out", "[modules][sam]") {
    struct variant {
        double rho, p;
        bool asam;
    };
    for (auto [rho, p_norm, weighted] : {variant{0.05, 2, false}, variant{0.2, 3, false}, variant{0.5, 1.5, false},
                                         variant{0.5, 2, true}, variant{0.3, 4, true}}) {
        INFO("rho " << rho << ", p " << p_norm << ", asam " << weighted);
        tzero_test::tensor_list<double> w({{5}, {1}, {0}, {2, 3}});
        w.fill_normal(7);
        quartic f{w};
        optimizer opt(sam{.rho = rho, .p = p_norm, .asam = weighted} | lr(0.1), w.views(),
                      optimizer_options{.chunk_size = 4, .parallel_threshold = 0});
        vec x = w.flat();
        for (int t = 0; t < 4; ++t) {
            INFO("step " << t + 1);
            double const f_at_w = quartic::value(x);
            vec g(x.size());
            quartic::value(ascended(x, rho, p_norm, weighted), &g);
            CHECK(opt.step(f) == Approx(f_at_w).epsilon(1e-14));  // the first call's loss: f(w)
            for (std::size_t i = 0; i < x.size(); ++i) x[i] -= 0.1 * g[i];
            vec const now = w.flat();
            for (std::size_t i = 0; i < x.size(); ++i) REQUIRE(now[i] == Approx(x[i]).epsilon(1e-12).margin(1e-14));
        }
        CHECK(f.calls == 8);
        CHECK(f.gradient_calls == 8);
        CHECK(opt.evaluations() == 8);
    }
}

TEST_CASE("sam: a zero gradient does not move w, and the perturbation is undone exactly", "[modules][sam]") {
    tzero_test::tensor_list<double> w({{3}, {0}});
    w.values[0] = {0.0, 0.0, 0.0};
    quartic f{w};
    optimizer opt(sam() | lr(1.0), w.views());
    CHECK(opt.step(f) == 0);
    CHECK(w.flat() == vec{0, 0, 0});
    // lr 0: after the step w is exactly where it was (w + ε − ε would round)
    w.values[0] = {0.3, -1.7, 2.9};
    vec const x = w.flat();
    optimizer still(asam() | lr(0.0), w.views());
    still.step(f);
    CHECK(w.flat() == x);
}

TEST_CASE("sam: a closure that throws leaves w and state as before", "[modules][sam][errors]") {
    tzero_test::tensor_list<double> w({{4}, {0}});
    w.fill_normal(3);
    quartic f{w};
    optimizer opt(sam() | adam() | lr(0.1), w.views());
    opt.step(f);
    vec const x = w.flat();
    auto const moments = [&] {
        auto const m = opt.state(0, 0), v = opt.state(1, 0);
        return std::vector<vec>{vec(m.begin(), m.end()), vec(v.begin(), v.end())};
    };
    std::vector<vec> const state = moments();
    for (int at : {0, 1}) {
        f.throw_at = f.calls + at;
        CHECK_THROWS_WITH(opt.step(f),
                          Contains("tzero: sam: the closure threw at evaluation " + std::to_string(at + 1) +
                                   " of the step 2's gradient estimate (parameters and state are as "
                                   "before the step)"));
        CHECK(w.flat() == x);
        CHECK(opt.steps() == 1);
        CHECK(moments() == state);
    }
    f.throw_at = -1;
    opt.step(f);
    CHECK(opt.steps() == 2);
}

TEST_CASE("sam with a line search: its trials evaluate the SAM objective", "[modules][sam]") {
    tzero_test::tensor_list<double> w({{6}, {0}});
    w.fill_normal(11);
    quartic f{w};
    optimizer opt(sam{.rho = 0.1} | backtracking(), w.views());
    vec const x = w.flat();
    vec g_asc(x.size());
    quartic::value(ascended(x, 0.1, 2, false), &g_asc);
    opt.step(f);
    // backtracking accepts the first t in 1, ½, ¼, … whose SAM loss f(w − t·g + ε) passes Armijo
    // against the SAM loss at w; each loss-only trial is a gradient and a loss (two calls)
    double const f0 = quartic::value(ascended(x, 0.1, 2, false));
    double gg = 0;
    for (double v : g_asc) gg += v * v;
    auto trial = [&](double step) {
        vec y = x;
        for (std::size_t i = 0; i < y.size(); ++i) y[i] -= step * g_asc[i];
        return y;
    };
    double t = 1, previous = INFINITY;
    int trials = 0;
    for (;; t /= 2) {  // backtracking.hpp's rule: Armijo, or back to a better previous trial
        double const value = quartic::value(ascended(trial(t), 0.1, 2, false));
        ++trials;
        if (value < f0 - 1e-4 * t * gg) break;
        if (value > previous && previous < f0) {
            t *= 2;
            break;
        }
        previous = value;
    }
    REQUIRE(trials > 1);  // the case exercises loss-only trials
    vec const expected = trial(t);
    vec const now = w.flat();
    for (std::size_t i = 0; i < now.size(); ++i) CHECK(now[i] == Approx(expected[i]).epsilon(1e-12));
    CHECK(f.calls == 2 + 2 * trials);
    CHECK(opt.evaluations() == f.calls);
}

TEST_CASE("sam: validation and describe", "[modules][sam][errors]") {
    CHECK_THROWS_WITH(validate(sam{.rho = -1}), Contains("tzero: sam: rho must be a finite number >= 0"));
    CHECK_THROWS_WITH(validate(sam{.p = 1}), Contains("tzero: sam: p must be a finite number > 1"));
    CHECK_THROWS_WITH(validate(asam{.p = INFINITY}), Contains("tzero: asam: p must be a finite number > 1"));
    CHECK_THROWS_WITH(validate(asam{.eps = -1}), Contains("tzero: asam: eps must be >= 0"));
    CHECK(describe(asam()) == "asam(rho=0.5, p=2, eps=1e-10, asam=true)");
    CHECK_THAT(describe_plan(sam() | lr(0.1)), Contains("the loss and gradient are sam's objective's"));
}
