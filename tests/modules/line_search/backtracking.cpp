// backtracking and the closure protocol it runs on: the search against its definition on a 1-D
// quadratic whose φ(t) is known in closed form, the adaptive scale, conditions, a stage inside a
// chain, the strong guarantee when the closure throws (parameters, state, scalars, counts), the
// plan, validation, checkpoints, thread counts, and step(closure) for a chain without a stage.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <tzero/checkpoint.hpp>
#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(closure_module<backtracking> && reduce_module<backtracking>);
static_assert(!closure_module<clip_norm<>> && !closure_module<adam>);
static_assert(plan_of<backtracking>::has_closure && plan_of<backtracking>::closure_ends_chain);
static_assert(plan_of<backtracking>::passes == 2 && plan_of<backtracking>::passes_run == 1);
// adam | backtracking: pass 1 reads g and 2 slots, writes 2 slots and d, and the slots' old values
// to the snapshot (written only, in that pass)
static_assert(plan_of<decltype(adam() | backtracking())>::bytes_per_element<float> == 32);
static_assert(plan_of<decltype(adam() | backtracking())>::snapshot_slots == 2);
// with a suffix the last pass runs (reads p, d; writes p) and does not read g
static_assert(!plan_of<decltype(backtracking() | lr(0.5))>::closure_ends_chain);
static_assert(!plan_of<decltype(backtracking() | lr(0.5))>::loads_grad(handoff::materialize, 1));
static_assert(plan_of<decltype(backtracking() | lr(0.5))>::bytes_per_element<double> == 8 * (2 + 3));

namespace {

template <class T>
using quadratic = tzero_test::quadratic_closure<T>;

/// The backtracking search written out on φ(t) given as a function (torchzero's
/// backtracking_line_search with its adaptive scale), for checking the module against.
struct search_result {
    double t;
    int trials;
};
template <class Phi>
search_result textbook(Phi phi, double f0, double slope0, double init, double beta, double c, int maxiter) {
    double t = init, previous = 0;
    bool has_previous = false;
    for (int i = 0; i < maxiter; ++i) {
        double const f = phi(t);
        if (!std::isfinite(f)) {
            t *= beta;
            continue;
        }
        if (has_previous && f > previous && previous < f0) return {t / beta, i + 1};
        previous = f, has_previous = true;
        if (f < f0 + c * t * std::min(slope0, 0.0)) return {t, i + 1};
        t *= beta;
    }
    return {0, maxiter};
}

}  // namespace

TEMPLATE_TEST_CASE("backtracking: the accepted step on a quadratic is the textbook search's", "[modules][line_search]",
                   float, double) {
    using T = TestType;
    for (double a : {0.5, 3.0, 40.0}) {
        INFO("curvature " << a);
        tzero_test::tensor_list<T> p({{3}, {1}, {0}, {17}});
        p.fill_normal(3);
        quadratic<T> f{p, {a}};
        std::vector<double> const x0 = p.flat();
        double xx = 0;
        for (double x : x0) xx += x * x;
        // d = g = a·x: φ(t) = ½·a·xx·(1 − a·t)², φ'(0) = −a²·xx
        auto const phi = [&](double t) { return 0.5 * a * xx * (1 - a * t) * (1 - a * t); };
        search_result const expected = textbook(phi, phi(0), -a * a * xx, 1.0, 0.5, 1e-4, 10);
        optimizer opt(backtracking(), p.views());
        double const loss = opt.step(f);
        CHECK(tzero_test::close(loss, phi(0), 1e-6));
        CHECK(f.calls == 1 + expected.trials);
        CHECK(f.gradients == 1);
        CHECK(opt.evaluations() == 1 + expected.trials);
        std::vector<double> const x1 = p.flat();
        for (std::size_t i = 0; i < x1.size(); ++i)
            CHECK(tzero_test::close(x1[i], x0[i] - expected.t * a * x0[i], sizeof(T) == 4 ? 1e-6 : 1e-14));
    }
}

TEST_CASE("backtracking: a failed search stays put, and the next starts beta^maxiter lower", "[modules][line_search]") {
    tzero_test::tensor_list<double> p({{5}, {0}});
    p.fill_normal(1);
    quadratic<double> f{p, {1e6}};  // φ(t) < φ(0) needs t < 2e-6: 3 trials from 1 never get there
    std::vector<double> const x0 = p.flat();
    optimizer opt(backtracking{.maxiter = 3}, p.views());
    opt.step(f);
    CHECK(p.flat() == x0);
    CHECK(opt.reduce_state(0)[0] == 0.125);  // s = β³
    CHECK(f.calls == 4);
    // the next search starts at 0.125 (its trials: 0.125, 0.0625, 0.03125): fails again, s = β⁶
    opt.step(f);
    CHECK(opt.reduce_state(0)[0] == std::pow(0.5, 6));
    // without `adaptive` every search starts at init
    optimizer fixed(backtracking{.maxiter = 3, .adaptive = false}, p.views());
    fixed.step(f);
    CHECK(fixed.reduce_state(0)[0] == 0);
    // a success resets the scale
    quadratic<double> easy{p, {1.0}};
    opt.step(easy);
    CHECK(opt.reduce_state(0)[0] == 0);
    CHECK(p.flat() != x0);
}

TEST_CASE("backtracking: conditions decrease and goldstein", "[modules][line_search]") {
    // φ(t) = ½(1 − t)²·xx on a = 1: t = 1 is the minimum. decrease accepts t = 1 at once;
    // goldstein with c = 0.25 accepts t when 0.75·t·φ'(0) < φ(t) − φ(0) < 0.25·t·φ'(0)
    for (auto condition : {line_search_condition::decrease, line_search_condition::goldstein}) {
        tzero_test::tensor_list<double> p({{4}, {0}});
        p.fill_normal(2);
        quadratic<double> f{p, {1.0}};
        std::vector<double> const x0 = p.flat();
        optimizer opt(backtracking{.init = 4, .c = 0.25, .condition = condition}, p.views());
        opt.step(f);
        // trials 4 (φ = 4.5·xx, worse), 2 (φ = φ(0): neither), 1 (φ = 0: both accept)
        CHECK(f.calls == 4);
        for (double x : p.flat()) CHECK(std::abs(x) < 1e-15);
    }
}

TEST_CASE("backtracking: inside a chain the modules after it see t times the direction", "[modules][line_search]") {
    // backtracking | lr(0.5): the parameters end at p0 − 0.5·t·d, where backtracking alone ends at p0 − t·d
    tzero_test::tensor_list<double> a({{6}, {3}}), b({{6}, {3}});
    a.fill_normal(4);
    b.fill_normal(4);
    std::vector<double> const x0 = a.flat();
    quadratic<double> fa{a, {2.0, 0.3}}, fb{b, {2.0, 0.3}};
    optimizer alone(backtracking(), a.views());
    optimizer halved(backtracking() | lr(0.5), b.views());
    alone.step(fa);
    halved.step(fb);
    CHECK(fa.calls == fb.calls);
    std::vector<double> const xa = a.flat(), xb = b.flat();
    for (std::size_t i = 0; i < x0.size(); ++i) CHECK(xb[i] == Approx(x0[i] - 0.5 * (x0[i] - xa[i])).epsilon(1e-14));
}

TEST_CASE("backtracking: a closure that throws leaves parameters, state and counts as they were",
          "[modules][line_search][errors]") {
    tzero_test::tensor_list<double> p({{7}, {0}, {2, 3}});
    p.fill_normal(5);
    quadratic<double> f{p, {1e3, 2.0}};
    optimizer opt(adam() | backtracking{.maxiter = 5}, p.views(), optimizer_options{.chunk_size = 4});
    for (int i = 0; i < 3; ++i) opt.step(f);  // state, a step count, a non-trivial scale
    auto const params = p.flat();
    std::vector<std::vector<double>> state;
    for (int slot = 0; slot < 2; ++slot)
        for (std::size_t t = 0; t < 3; ++t) state.emplace_back(opt.state(slot, t).begin(), opt.state(slot, t).end());
    double const scale = opt.reduce_state(0)[0];
    long const steps = opt.steps(), evaluations = opt.evaluations();

    auto const unchanged = [&] {
        CHECK(p.flat() == params);
        std::size_t k = 0;
        for (int slot = 0; slot < 2; ++slot)
            for (std::size_t t = 0; t < 3; ++t, ++k)
                CHECK(std::vector<double>(opt.state(slot, t).begin(), opt.state(slot, t).end()) == state[k]);
        CHECK(opt.reduce_state(0)[0] == scale);
        CHECK(opt.steps() == steps);
        CHECK(opt.evaluations() == evaluations);
    };
    SECTION("at a trial: the error names it, nested over the closure's") {
        f.calls = 0;
        f.throw_at = 2;  // the first evaluation, trial 1, then trial 2 throws
        try {
            opt.step(f);
            FAIL("step did not throw");
        } catch (error const& e) {
            CHECK_THAT(e.what(), Contains("tzero: backtracking: the closure threw at trial 2 (t = "));
            CHECK_THAT(e.what(), Contains("parameters and state are as before the step"));
            try {
                std::rethrow_if_nested(e);
                FAIL("no nested exception");
            } catch (std::runtime_error const& inner) {
                CHECK(std::string(inner.what()) == "user closure failed");
            }
        }
        unchanged();
    }
    SECTION("at the first evaluation") {
        f.calls = 0;
        f.throw_at = 0;
        CHECK_THROWS_WITH(opt.step(f),
                          Contains("tzero: step(closure): the closure threw at the step's first evaluation"));
        unchanged();
    }
    // and the optimizer goes on from there as if nothing had happened
    f.throw_at = -1;
    opt.step(f);
    CHECK(opt.steps() == steps + 1);
}

TEST_CASE("backtracking: the same steps on any thread count and chunk size", "[modules][line_search]") {
    std::vector<std::vector<double>> results;
    for (auto options : {optimizer_options{.chunk_size = 5, .parallel_threshold = 0},
                         optimizer_options{.chunk_size = 1 << 14, .parallel_threshold = 1 << 30}}) {
        tzero_test::tensor_list<double> p({{37}, {1}, {64}});
        p.fill_normal(6);
        quadratic<double> f{p, {0.5, 9.0, 3.0}};
        optimizer opt(polak_ribiere() | backtracking(), p.views(), options);
        for (int i = 0; i < 6; ++i) opt.step(f);
        results.push_back(p.flat());
    }
    // gᵀd folds chunk by chunk: different chunks, the same value to rounding
    for (std::size_t i = 0; i < results[0].size(); ++i) CHECK(results[0][i] == Approx(results[1][i]).epsilon(1e-12));
}

TEST_CASE("backtracking: the scale is saved and loaded with the rest", "[modules][line_search][checkpoint]") {
    auto const path = std::filesystem::temp_directory_path() / "tzero_backtracking_checkpoint.safetensors";
    tzero_test::tensor_list<double> p({{5}, {0}});
    p.fill_normal(1);
    quadratic<double> f{p, {1e6}};
    optimizer opt(backtracking{.maxiter = 3}, p.views());
    opt.step(f);
    REQUIRE(opt.reduce_state(0)[0] == 0.125);
    save(opt, path.string());
    optimizer other(backtracking{.maxiter = 3}, p.views());
    load(other, path.string());
    CHECK(other.reduce_state(0)[0] == 0.125);
    CHECK(other.steps() == 1);
    std::filesystem::remove(path);
}

TEST_CASE("backtracking: validation and describe", "[modules][line_search][errors]") {
    CHECK_THROWS_WITH(validate(backtracking{.init = 0}), Contains("tzero: backtracking: init must be positive"));
    CHECK_THROWS_WITH(validate(backtracking{.init = INFINITY}), Contains("init must be positive and finite"));
    CHECK_THROWS_WITH(validate(backtracking{.beta = 1}), Contains("tzero: backtracking: beta must be in (0, 1)"));
    CHECK_THROWS_WITH(validate(backtracking{.c = -1}), Contains("tzero: backtracking: c must be in [0, 1)"));
    CHECK_THROWS_WITH(validate(backtracking{.maxiter = 0}), Contains("tzero: backtracking: maxiter must be >= 1"));
    CHECK(describe(backtracking()) ==
          "backtracking(init=1, beta=0.5, c=1e-04, condition=armijo, maxiter=10, adaptive=true)");
    std::string const plan = describe_plan(adam() | backtracking());
    CHECK_THAT(plan, Contains("closure stage backtracking: 1 gradient, then up to 10 losses a step"));
    CHECK_THAT(plan, Contains("pass 2: not run: backtracking ends the chain"));
    // a hyperparameter made invalid between steps is refused before the closure is called
    tzero_test::tensor_list<double> p({{3}, {0}});
    quadratic<double> f{p, {1.0}};
    optimizer opt(backtracking(), p.views());
    opt.chain().get<backtracking>().beta = 2;
    CHECK_THROWS_WITH(opt.step(f), Contains("beta must be in (0, 1)"));
}

TEST_CASE("step(closure) on a chain without a stage is step(gradient, loss)", "[optimizer][closure]") {
    tzero_test::tensor_list<float> a({{9}, {2, 2}}), b({{9}, {2, 2}});
    a.fill_normal(8);
    b.values = a.values;
    quadratic<float> fa{a, {1.0, 4.0}}, fb{b, {1.0, 4.0}};
    optimizer by_closure(adam() | lr(0.1), a.views());
    optimizer by_gradient(adam() | lr(0.1), b.views());
    tzero_test::tensor_list<float> g(b.shapes);
    for (int i = 0; i < 4; ++i) {
        double const loss = by_closure.step(fa);
        double const same = fb(g.views());
        CHECK(loss == same);
        by_gradient.step(g.const_views(), same);
        CHECK(a.values == b.values);
    }
    CHECK(by_closure.evaluations() == 4);
    CHECK(fa.gradients == 4);
    // a copy steps with its own gradient buffers
    auto copy = by_closure;
    copy.step(fa);
    by_gradient.step(g.const_views(), fb(g.views()));
    CHECK(a.values == b.values);
}
