// Restart strategies (core/restart.hpp): a reset makes the chain a fresh optimizer's from the
// parameters it reached (bitwise), restart_every's count (and "ndim"), restart_on_stuck's lagged
// count as torchzero's, powell_restart's two tests, the plan (no pass for an elementwise
// strategy), checkpoints across a reset, validation. Parity with torchzero behind line searches:
// tests/reference/closure_parity.cpp (restart_*, powell_*).
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include <tzero/checkpoint.hpp>
#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(restart_module<restart_every> && restart_module<restart_on_stuck> && restart_module<powell_restart>);
static_assert(elementwise_module<restart_every> && reduce_module<powell_restart> && !termination_module<restart_every>);
// an elementwise strategy costs the passes nothing; one without slots after a line search still
// lets the search end the chain
static_assert(plan_of<decltype(adam() | restart_every() | lr(0.1))>::bytes_per_element<float> ==
              plan_of<decltype(adam() | lr(0.1))>::bytes_per_element<float>);
static_assert(plan_of<decltype(lbfgs() | strong_wolfe() | restart_every())>::closure_ends_chain);
static_assert(plan_of<decltype(adam() | restart_every() | restart_on_stuck())>::has_restart &&
              plan_of<decltype(adam() | restart_every() | restart_on_stuck())>::restart_step_scalar == 0);

namespace {
using vec = std::vector<double>;
using shape_list = std::vector<std::vector<std::size_t>>;

vec gradient_at(vec const& x, int t) {
    vec g(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) g[i] = (1.0 + double(i)) * x[i] - 0.3 * double(t % 3) + 0.1;
    return g;
}

template <class Opt>
void step_through(Opt& opt, tzero_test::tensor_list<double>& p, int first, int count) {
    tzero_test::tensor_list<double> g(p.shapes);
    for (int t = first; t < first + count; ++t) {
        g.assign_flat(gradient_at(p.flat(), t));
        opt.step(g.const_views());
    }
}
}  // namespace

TEST_CASE("restart_every: after a reset the chain is a fresh optimizer's", "[modules][misc][restart]") {
    // Adam's moments, its bias correction and a cosine schedule all start again
    auto const inner = adam() | lr(cosine_schedule{.peak_lr = 0.5, .total_steps = 10});
    tzero_test::tensor_list<double> p(shape_list{{2}, {1}, {3}});
    p.assign_flat({0.5, -0.2, 1.0, 0.3, -0.7, 0.05});
    optimizer restarted(restart_every{.steps = 3} | inner, p.views());
    step_through(restarted, p, 0, 3);
    CHECK(restarted.reduce_state(0)[0] == 3);  // the step of the last reset
    tzero_test::tensor_list<double> q = p;
    optimizer fresh(inner, q.views());
    step_through(restarted, p, 3, 3);
    step_through(fresh, q, 3, 3);
    CHECK(p.flat() == q.flat());
    CHECK(restarted.reduce_state(0)[0] == 6);
}

TEST_CASE("restart_every: -1 is the number of elements", "[modules][misc][restart]") {
    tzero_test::tensor_list<double> p(shape_list{{2}, {1}});
    p.assign_flat({0.5, -0.2, 1.0});
    optimizer opt(restart_every() | adam() | lr(0.1), p.views());
    step_through(opt, p, 0, 2);
    CHECK(opt.reduce_state(0)[0] == 0);
    step_through(opt, p, 2, 1);
    CHECK(opt.reduce_state(0)[0] == 3);
}

TEST_CASE("restart_on_stuck: the stuck steps in a row, counted one step late as torchzero counts them",
          "[modules][misc][restart]") {
    tzero_test::tensor_list<double> p(shape_list{{3}}), g(shape_list{{3}});
    p.assign_flat({1, 2, 3});
    optimizer opt(restart_on_stuck{.n_tol = 2} | heavy_ball() | lr(0.1), p.views());
    g.assign_flat({0, 0, 0});   // nothing moves
    opt.step(g.const_views());  // step 1: not tested (torchzero's first step)
    opt.step(g.const_views());  // step 2: reads step 1's change: stuck, 1 in a row
    CHECK(opt.reduce_state(0)[0] == 0);
    opt.step(g.const_views());  // step 3: 2 in a row: reset
    CHECK(opt.reduce_state(0)[0] == 3);
    g.assign_flat({1, 1, 1});
    opt.step(g.const_views());  // step 4, the first after the reset: not tested
    opt.step(g.const_views());  // step 5: reads step 4's change (moved): 0 in a row
    opt.step(g.const_views());
    opt.step(g.const_views());
    CHECK(opt.reduce_state(0)[0] == 3);
    CHECK_THROWS_WITH(validate(restart_on_stuck{.n_tol = 0}), Contains("restart_on_stuck: n_tol must be >= 1"));
    CHECK_THROWS_WITH(validate(restart_on_stuck{.tol = -2}), Contains("restart_on_stuck: tol must be >= 0"));
}

TEST_CASE("powell_restart: non-conjugate gradients and a direction not downhill enough reset",
          "[modules][misc][restart]") {
    tzero_test::tensor_list<double> p(shape_list{{2}}), g(shape_list{{2}});
    p.assign_flat({0, 0});
    auto const run = [&](auto const& chain, std::vector<vec> const& grads) {
        p.assign_flat({0, 0});
        optimizer opt(chain, p.views());
        std::vector<double> resets;
        for (auto const& x : grads) {
            g.assign_flat(x);
            opt.step(g.const_views());
            resets.push_back(opt.reduce_state(0)[0]);
        }
        return resets;
    };
    // g₂ ⟂ g₁: conjugate, and u = g downhill: no reset; g₃ ∥ g₂: |gᵀg′| = ‖g‖² ≥ 0.2‖g‖²: reset
    CHECK(run(powell_restart() | lr(0.1), {{1, 0}, {0, 1}, {0, 2}}) == vec{0, 0, 3});
    // the descent test alone, u = 2g: uᵀg = 2‖g‖² ∉ [0.8, 1.2]·‖g‖²: reset from the second step on
    // (the first after a reset only records g′)
    CHECK(run(mul(2.0) | powell_restart{.cond1 = -1}, {{1, 0}, {0, 1}, {1, 1}, {1, 2}}) == vec{0, 2, 2, 4});
    CHECK(run(powell_restart{.cond1 = -1, .cond2 = -1} | lr(0.1), {{1, 0}, {1, 0}, {1, 0}}) == vec{0, 0, 0});
}

TEST_CASE("restart strategies: a checkpoint across a reset resumes the same run",
          "[modules][misc][restart][checkpoint]") {
    auto const c = polak_ribiere() | restart_every{.steps = 4} | lr(0.05);
    tzero_test::tensor_list<double> p(shape_list{{2}, {3}});
    p.assign_flat({0.5, -0.2, 1.0, 0.3, -0.7});
    optimizer whole(c, p.views());
    step_through(whole, p, 0, 5);
    std::string const file = to_checkpoint(whole);
    tzero_test::tensor_list<double> q = p;
    step_through(whole, p, 5, 6);
    optimizer resumed(c, q.views());
    from_checkpoint(resumed, file);
    CHECK(resumed.reduce_state(0)[plan_of<std::remove_const_t<decltype(c)>>::restart_step_scalar] == 4);
    step_through(resumed, q, 5, 6);
    CHECK(q.flat() == p.flat());
    CHECK_THROWS_WITH(validate(restart_every{.steps = 0}), Contains("restart_every: steps must be >= 1"));
}
