// negate_on_loss_increase: the trial at p − u, kept when the loss did not rise, else zeroed or
// negated (backtrack); a NaN at the trial counts as a rise; modules after it run on t·u; one
// gradient and one loss a step; a throw at the trial undone. Parity with torchzero:
// reference/closure_parity.cpp (noli_*).
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include <tzero/tzero.hpp>

#include "modules/quartic_closure.hpp"
#include "support.hpp"

using namespace tzero;
using Catch::Contains;
using tzero_test::quartic;

static_assert(closure_module<negate_on_loss_increase>);
static_assert(plan_of<decltype(adam() | lr(0.1) | negate_on_loss_increase())>::passes == 2);

namespace {
using vec = std::vector<double>;
}  // namespace

TEST_CASE("negate_on_loss_increase: the update kept, zeroed or negated, written out",
          "[modules][negate_on_loss_increase]") {
    for (bool backtrack : {false, true})
        for (double rate : {0.05, 0.9}) {  // 0.9 overshoots the quartic's minimum on most steps
            INFO("backtrack " << backtrack << ", lr " << rate);
            tzero_test::tensor_list<double> w({{5}, {0}, {2, 3}});
            w.fill_normal(4);
            quartic f{w};
            auto const chain = lr(rate) | negate_on_loss_increase{.backtrack = backtrack};
            optimizer opt(chain, w.views(), optimizer_options{.chunk_size = 4, .parallel_threshold = 0});
            vec x = w.flat();
            int kept = 0;
            for (int t = 0; t < 6; ++t) {
                INFO("step " << t + 1);
                vec g(x.size());
                double const f0 = quartic::value(x, &g);
                vec trial = x;
                for (std::size_t i = 0; i < x.size(); ++i) trial[i] -= rate * g[i];
                double const f1 = quartic::value(trial);
                CHECK(opt.step(f) == f0);
                if (f1 <= f0) x = trial, ++kept;
                else if (backtrack)
                    for (std::size_t i = 0; i < x.size(); ++i) x[i] += rate * g[i];
                vec const now = w.flat();
                for (std::size_t i = 0; i < x.size(); ++i) REQUIRE(now[i] == Approx(x[i]).epsilon(1e-15));
            }
            CHECK(f.calls == 12);  // a gradient and a loss a step
            CHECK(f.gradient_calls == 6);
            if (rate < 0.5) CHECK(kept == 6);
            else CHECK(kept < 6);
        }
}

TEST_CASE("negate_on_loss_increase: the modules after it run on t·u", "[modules][negate_on_loss_increase]") {
    tzero_test::tensor_list<double> w({{4}, {0}});
    w.values[0] = {0.5, -1.5, 2.0, 0.25};
    quartic f{w};
    // d = g: its trial at p − g rises (the quartic's gradient is large here), so t = −1, then
    // lr(0.01) scales −g
    optimizer opt(negate_on_loss_increase{.backtrack = true} | lr(0.01), w.views());
    vec const x = w.flat();
    vec g(x.size());
    double const f0 = quartic::value(x, &g);
    vec trial = x;
    for (std::size_t i = 0; i < x.size(); ++i) trial[i] -= g[i];
    REQUIRE(quartic::value(trial) > f0);
    opt.step(f);
    vec const now = w.flat();
    for (std::size_t i = 0; i < x.size(); ++i) CHECK(now[i] == Approx(x[i] + 0.01 * g[i]).epsilon(1e-15));
}

TEST_CASE("negate_on_loss_increase: a NaN at the trial is a rise, a throw there is undone",
          "[modules][negate_on_loss_increase][errors]") {
    tzero_test::tensor_list<double> w({{3}, {0}});
    w.fill_normal(9);
    vec const x = w.flat();
    int calls = 0;
    auto const nan_at_trials = [&](std::span<tensor_view<double> const> grads) {
        bool const trial = calls++ % 2 == 1;
        for (auto const& view : grads)
            for (std::size_t i = 0; i < view.size(); ++i) view.data[i] = 1;
        return trial ? std::numeric_limits<double>::quiet_NaN() : 1.0;
    };
    optimizer opt(lr(0.1) | negate_on_loss_increase(), w.views());
    opt.step(nan_at_trials);
    CHECK(w.flat() == x);  // zeroed: p exactly, not p − u + u

    quartic f{w};
    optimizer other(adam() | lr(0.1) | negate_on_loss_increase(), w.views());
    other.step(f);
    vec const y = w.flat();
    auto const m = other.state(0, 0);
    vec const moment(m.begin(), m.end());
    f.throw_at = f.calls + 1;  // the trial
    CHECK_THROWS_WITH(other.step(f),
                      Contains("tzero: negate_on_loss_increase: the closure threw at trial 1 (t = 1; parameters and "
                               "state are as before the step)"));
    CHECK(w.flat() == y);
    auto const after = other.state(0, 0);
    CHECK(vec(after.begin(), after.end()) == moment);
    CHECK(other.steps() == 1);
}

TEST_CASE("negate_on_loss_increase: describe", "[modules][negate_on_loss_increase]") {
    CHECK(describe(negate_on_loss_increase()) == "negate_on_loss_increase(backtrack=false)");
    CHECK_THAT(describe_plan(adam() | negate_on_loss_increase{.backtrack = true}), Contains("up to 1 losses"));
}
