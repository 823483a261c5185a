// The termination criteria (core/termination.hpp, modules/misc/terminate_*.hpp): each one's hits
// against its formula on chosen gradients, losses and parameters, the hits in a row, what the
// plan pays for them, the combinations, their checks, checkpoints and a throwing closure, and
// minimize stopping on them.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <limits>
#include <span>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include <tzero/checkpoint.hpp>
#include <tzero/minimize.hpp>
#include <tzero/tzero.hpp>

#include "modules/quartic_closure.hpp"
#include "support.hpp"

using namespace tzero;
using Catch::Contains;

// Criteria without state slots cost the pass nothing; the update norm's slot is written where the
// pass reads p (and loaded with the others: 8 bytes in float).
static_assert(termination_module<terminate_by_gradient_norm> && !termination_module<adam>);
// the two norm criteria are one template (modules/detail/norm_criterion.hpp), any and all one
// combination (modules/detail/terminate_combination.hpp)
static_assert(std::is_same_v<terminate_by_update_norm, detail::norm_criterion<true>> &&
              std::is_same_v<terminate_by_gradient_norm, detail::norm_criterion<false>>);
static_assert(std::is_same_v<decltype(terminate_all(terminate_never())),
                             detail::terminate_combination<true, operands<branch<chain<terminate_never>>>>>);
static_assert(plan_of<decltype(adam() | lr(0.1) | terminate_by_gradient_norm())>::bytes_per_element<float> ==
              plan_of<decltype(adam() | lr(0.1))>::bytes_per_element<float>);
static_assert(plan_of<decltype(terminate_after_n_steps(3) | adam() | lr(0.1))>::passes == 1);
static_assert(plan_of<decltype(terminate_by_update_norm() | adam() | lr(0.1))>::bytes_per_element<float> ==
              plan_of<decltype(adam() | lr(0.1))>::bytes_per_element<float> + 8);
// a criterion without slots after a line search still lets it end the chain
static_assert(plan_of<decltype(lbfgs() | strong_wolfe() | terminate_by_gradient_norm())>::closure_ends_chain);
static_assert(!plan_of<decltype(lbfgs() | strong_wolfe() | terminate_by_update_norm())>::closure_ends_chain);
static_assert(plan_of<decltype(terminate_any(terminate_by_update_norm(), terminate_after_n_steps(2)))>::state_slots ==
              1);

namespace {
using vec = std::vector<double>;

/// An optimizer over one tensor of `n` elements stepped with chosen gradients and losses.
template <class Chain>
struct stepper {
    vec w;
    optimizer<as_chain_t<Chain>, double> opt;
    stepper(Chain const& c, std::size_t n)
        : w(n, 0.0),
          opt(c, std::vector{tensor_view<double>(w.data(), {n})},
              optimizer_options{.chunk_size = 4, .parallel_threshold = 0}) {}
    bool step(vec g, double loss = std::numeric_limits<double>::quiet_NaN()) {
        opt.step(std::vector{tensor_view<double const>(g.data(), {g.size()})}, loss);
        return opt.should_terminate();
    }
};

/// A context for a criterion asked directly (the seconds one reads `now`).
struct no_metrics {
    double gradient_metric(metric) { return 0; }
    double update_metric(metric, int) { return 0; }
};
}  // namespace

TEST_CASE("terminate_after_n_steps: a hit from its n-th step on", "[modules][termination]") {
    stepper s(terminate_after_n_steps(3) | lr(1), 5);
    vec const g(5, 1.0);
    CHECK_FALSE(s.step(g));
    CHECK_FALSE(s.step(g));
    CHECK(s.step(g));
    CHECK(s.step(g));            // its count goes on
    CHECK(s.w == vec(5, -4.0));  // an identity on the update
    stepper zero(terminate_after_n_steps(0), 1);
    CHECK(zero.step({1}));
}

TEST_CASE("terminate_by_gradient_norm: n small gradient norms in a row, any order", "[modules][termination]") {
    stepper s(terminate_by_gradient_norm{.tol = 5, .n = 2} | lr(0.5), 7);  // 7: two chunks and a tail
    vec big(7, 0.0), small(7, 0.0);
    big[6] = 5.5, small[0] = 3, small[6] = 4;  // ‖g‖₂ 5.5, then 5
    CHECK_FALSE(s.step(small));
    CHECK_FALSE(s.step(big));  // the count starts again
    CHECK_FALSE(s.step(small));
    CHECK(s.step(small));
    CHECK_FALSE(s.step(small));  // and again after a hit
    CHECK(s.step(small));

    stepper inf(terminate_by_gradient_norm{.tol = 4, .n = 1, .ord = INFINITY}, 7);
    CHECK(inf.step(small));
    CHECK_FALSE(inf.step(big));
    stepper l1(terminate_by_gradient_norm{.tol = 6.5, .n = 1, .ord = 1}, 7);
    CHECK_FALSE(l1.step(small));  // 7
    CHECK(l1.step(big));          // 5.5
    stepper nan(terminate_by_gradient_norm{.tol = 1e300, .n = 1}, 2);
    CHECK_FALSE(nan.step({std::nan(""), 0}));  // a NaN norm never hits
}

TEST_CASE("terminate_by_update_norm: the step's change of the parameters, from the first step on",
          "[modules][termination]") {
    stepper s(terminate_by_update_norm{.tol = 1.0, .n = 1} | lr(0.1), 9);
    vec g(9, 0.0);
    g[0] = 6, g[8] = 8;  // change 0.1·10 = 1: a hit
    CHECK(s.step(g));
    g[8] = 9;  // 0.1·√117 > 1
    CHECK_FALSE(s.step(g));
    CHECK(s.opt.state(0, 0)[8] == Approx(-0.8));  // p before the second step

    // where a line search ends the chain, the criterion goes first so the first pass keeps p
    tzero_test::tensor_list<double> w({{3}, {2}});
    w.fill_normal(5);
    tzero_test::quartic f{w};
    optimizer opt(terminate_by_update_norm{.tol = 1e-9, .n = 2} | lbfgs() | strong_wolfe(), w.views());
    long steps = 0;
    vec before = w.flat();
    while (!opt.should_terminate() && steps < 200) {
        opt.step(f);
        ++steps;
        double change = 0;
        vec const after = w.flat();
        for (std::size_t i = 0; i < after.size(); ++i) change += (after[i] - before[i]) * (after[i] - before[i]);
        before = after;
        if (opt.should_terminate()) CHECK(std::sqrt(change) <= 1e-9);
    }
    CHECK(opt.should_terminate());
    CHECK(steps < 200);
}

TEST_CASE("terminate_on_no_improvement and terminate_on_loss_reached read the step's loss", "[modules][termination]") {
    stepper s(terminate_on_no_improvement{.tol = 0.5, .n = 2}, 1);
    CHECK_FALSE(s.step({0}, 10));            // f_min 10
    CHECK_FALSE(s.step({0}, 9));             // fell by 1: no hit
    CHECK_FALSE(s.step({0}, 8.8));           // by 0.2: a hit
    CHECK_FALSE(s.step({0}, std::nan("")));  // a NaN misses, and f_min stays
    CHECK_FALSE(s.step({0}, 8.7));           // by 0.1 from 8.8: a hit
    CHECK(s.step({0}, 8.65));                // the second in a row
    stepper r(terminate_on_loss_reached(1.5), 1);
    CHECK_FALSE(r.step({0}, 2));
    CHECK(r.step({0}, 1.5));
    CHECK_FALSE(r.step({0}));  // no loss given: NaN
}

TEST_CASE("terminate_after_n_evaluations counts every evaluation, a line search's included", "[modules][termination]") {
    tzero_test::tensor_list<double> w({{4}, {1}});
    w.fill_normal(2);
    tzero_test::quartic f{w};
    auto const chain = lbfgs() | backtracking() | terminate_after_n_evaluations(7);
    optimizer opt(chain, w.views());
    while (!opt.should_terminate()) opt.step(f);
    CHECK(opt.evaluations() >= 7);
    CHECK(f.calls == opt.evaluations());
    stepper g(terminate_after_n_evaluations(1), 1);  // no closure: no evaluations
    CHECK_FALSE(g.step({1}));
}

TEST_CASE("terminate_after_n_seconds: the time since its first step", "[modules][termination]") {
    terminate_after_n_seconds const c{.seconds = 2};
    no_metrics m;
    double start = 0;
    auto at = [&](double now) { return termination_context<no_metrics>{1, 0, 0, now, m}; };
    CHECK_FALSE(c.criterion(at(100), &start, 0));
    CHECK(start == 100);
    CHECK_FALSE(c.criterion(at(101.5), &start, 0));
    CHECK(c.criterion(at(102), &start, 0));
    stepper s(terminate_after_n_seconds{.seconds = 0}, 1);  // on the clock: 0 s hits at the second step
    CHECK_FALSE(s.step({0}));
    CHECK(s.step({0}));
}

TEST_CASE("terminate_never, terminate_any, terminate_all", "[modules][termination]") {
    stepper never(terminate_never() | lr(1), 1);
    for (int t = 0; t < 3; ++t) CHECK_FALSE(never.step({0}));

    // any: the steps criterion's count advances even on steps the norm decides
    stepper any(terminate_any(terminate_by_gradient_norm{.tol = 1, .n = 5}, terminate_after_n_steps(3)), 2);
    CHECK(any.step({0, 0}));  // the norm hits at once (its own n unused)
    CHECK_FALSE(any.step({3, 4}));
    CHECK(any.step({3, 4}));  // the third step
    // all, with the update norm's slot inside it
    auto const both = terminate_all(terminate_by_update_norm{.tol = 0.51}, terminate_on_loss_reached(1.0)) | lr(0.1);
    stepper all(both, 2);
    CHECK(all.step({3, 4}, 0.5));          // a change of 0.1·5 and the loss: both hit
    CHECK(all.opt.state(0, 0)[0] == 0);    // its slot: p before the step
    CHECK_FALSE(all.step({30, 40}, 0.5));  // a change of 5 misses
    CHECK(all.opt.state(0, 0)[0] == Approx(-0.3));
    CHECK_FALSE(all.step({3, 4}, 2.0));  // the loss misses
    CHECK(all.step({3, 4}, 1.0));
    std::string const described = describe(both);
    CHECK_THAT(described, Contains("terminate_all") && Contains("terminate_by_update_norm"));
}

TEST_CASE("termination criteria: bad settings are refused by name before anything changes",
          "[modules][termination][errors]") {
    auto refused = [](auto const& make, char const* what) {  // at `|` or at the optimizer's construction
        vec w(3, 1.0);
        CHECK_THROWS_WITH(optimizer(make(), std::vector{tensor_view<double>(w.data(), {3})}), Contains(what));
    };
    {  // and changed between steps: the step refuses it, nothing changed
        vec w(3, 1.0), g(3, 1.0);
        optimizer opt(terminate_by_gradient_norm() | lr(1), std::vector{tensor_view<double>(w.data(), {3})});
        opt.chain().get<0>().n = 0;
        CHECK_THROWS_WITH(opt.step(std::vector{tensor_view<double const>(g.data(), {3})}),
                          Contains("terminate_by_gradient_norm: n must be 1 or more"));
        CHECK(w == vec(3, 1.0));
        CHECK(opt.steps() == 0);
    }
    refused([] { return terminate_by_gradient_norm{.n = 0} | lr(1); },
            "terminate_by_gradient_norm: n must be 1 or more");
    refused([] { return terminate_by_update_norm{.tol = std::nan("")} | lr(1); },
            "terminate_by_update_norm: tol must be a number");
    refused([] { return terminate_by_gradient_norm{.ord = "median"} | lr(1); }, "terminate_by_gradient_norm: ord");
    refused([] { return terminate_after_n_steps(-1) | lr(1); }, "terminate_after_n_steps: steps must be 0 or more");
    refused([] { return terminate_after_n_evaluations(-2) | lr(1); }, "terminate_after_n_evaluations: maxevals");
    refused([] { return terminate_after_n_seconds(-1.0) | lr(1); },
            "terminate_after_n_seconds: seconds must be 0 or more");
    refused([] { return terminate_on_loss_reached() | lr(1); }, "terminate_on_loss_reached: value must be a number");
    refused([] { return terminate_on_no_improvement{.n = 0} | lr(1); },
            "terminate_on_no_improvement: n must be 1 or more");
    refused([] { return terminate_any(terminate_never(), terminate_by_gradient_norm{.n = -1}) | lr(1); },
            "terminate_by_gradient_norm: n must be 1 or more");
}

TEST_CASE("termination criteria: their counts are saved by checkpoints and put back after a throwing closure",
          "[modules][termination][checkpoint]") {
    auto const chain = terminate_any(terminate_on_no_improvement{.tol = 1, .n = 3}, terminate_after_n_steps(100)) |
                       terminate_by_gradient_norm{.tol = 1, .n = 3} | lr(0.1);
    stepper a(chain, 2);
    CHECK_FALSE(a.step({0.1, 0}, 10));
    CHECK_FALSE(a.step({0.1, 0}, 8));  // the norm's second hit in a row
    auto const path = std::filesystem::temp_directory_path() / "tzero-termination-checkpoint.safetensors";
    save(a.opt, path);
    stepper b(chain, 2);
    load(b.opt, path);
    std::filesystem::remove(path);
    CHECK(b.step({0.1, 0}, 6));  // the third
    CHECK(a.step({0.1, 0}, 6));
    CHECK(b.opt.reduce_state(0)[2] == 6);  // no_improvement's f_min, in the combination's scalars

    tzero_test::tensor_list<double> w({{3}, {2}});
    w.fill_normal(3);
    tzero_test::quartic f{w};
    optimizer opt(terminate_by_gradient_norm{.tol = 1e9, .n = 2} | lbfgs() | strong_wolfe(), w.views());
    opt.step(f);  // the first hit
    CHECK_FALSE(opt.should_terminate());
    f.throw_at = f.calls + 1;  // the search's first trial
    CHECK_THROWS(opt.step(f));
    CHECK_FALSE(opt.should_terminate());
    f.throw_at = -1;
    opt.step(f);  // the second hit: the thrown step counted none
    CHECK(opt.should_terminate());
}

TEST_CASE("minimize stops when a criterion of its chain hits", "[modules][termination][minimize]") {
    auto const rosenbrock = [](std::span<double const> x, std::span<double> g) {
        double const a = 1 - x[0], b = x[1] - x[0] * x[0];
        if (!g.empty()) g[0] = -2 * a - 400 * x[0] * b, g[1] = 200 * b;
        return a * a + 100 * b * b;
    };
    auto const r =
        minimize(rosenbrock, vec{-1.2, 1.0}, lbfgs() | strong_wolfe() | terminate_by_gradient_norm{.tol = 1e-3, .n = 1},
                 {.max_iterations = 1000, .gtol = {}});
    CHECK(r.success);
    CHECK(r.message == "optimizer-specific termination criteria triggered");
    CHECK(r.iterations < 1000);
    auto const steps = minimize(rosenbrock, vec{-1.2, 1.0}, lbfgs() | strong_wolfe() | terminate_after_n_steps(4));
    CHECK(steps.iterations == 4);
}
