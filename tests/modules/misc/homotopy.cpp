// The homotopies (exp, log, sqrt, square, lambda): a step against h′(f)·∇f written out, the
// closure's f returned and one call a step; with a line search, the same trajectory as the
// search run on a closure that returns h(f) and h′(f)·∇f itself (its loss-only trials are h(f));
// a throwing closure undone; lambda_homotopy's validation. Parity with torchzero:
// reference/closure_parity.cpp (log_homotopy_*, sqrt_homotopy_*, square_homotopy_*, lambda_homotopy_*).
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

static_assert(gradient_approximator<exp_homotopy> && reshapes_loss_v<log_homotopy> && reshapes_loss_v<lambda_homotopy>);
static_assert(plan_of<decltype(sqrt_homotopy() | adam() | lr(0.1))>::passes == 1);  // the chain after it: one pass

namespace {
using vec = std::vector<double>;

double log1p_of(double f) { return std::log1p(f); }
double log1p_slope(double f) { return 1 / (1 + f); }

/// A homotopy and its h and h′, written out.
struct variant {
    char const* name;
    double (*h)(double);
    double (*slope)(double);
};
std::vector<variant> const variants = {
    {"exp", [](double f) { return std::exp(f); }, [](double f) { return std::exp(f); }},
    {"log", [](double f) { return std::log(f + 1e-12); }, [](double f) { return 1 / (f + 1e-12); }},
    {"sqrt", [](double f) { return std::sqrt(f + 1e-12); }, [](double f) { return 1 / (2 * std::sqrt(f + 1e-12)); }},
    {"square", [](double f) { return std::copysign(f * f, f); }, [](double f) { return 2 * std::abs(f); }},
    {"lambda", log1p_of, log1p_slope},
};

/// Calls `run(chain)` with the homotopy named `name` ahead of `rest`.
template <class Rest, class Run>
void with_homotopy(std::string const& name, Rest const& rest, Run&& run) {
    if (name == "exp") run(exp_homotopy() | rest);
    if (name == "log") run(log_homotopy() | rest);
    if (name == "sqrt") run(sqrt_homotopy() | rest);
    if (name == "square") run(square_homotopy() | rest);
    if (name == "lambda") run(lambda_homotopy(log1p_of, log1p_slope) | rest);
}
}  // namespace

TEST_CASE("homotopy: a step is h'(f)·∇f, written out, and returns the closure's f", "[modules][homotopy]") {
    for (auto const& v : variants) {
        INFO(v.name << "_homotopy");
        with_homotopy(v.name, lr(0.05), [&](auto const& chain) {
            tzero_test::tensor_list<double> w({{5}, {1}, {0}, {2, 3}});
            w.fill_normal(7);
            for (auto& t : w.values)
                for (auto& x : t) x *= 0.3;  // f below 1: exp(f) stays moderate
            quartic f{w};
            optimizer opt(chain, w.views(), optimizer_options{.chunk_size = 4, .parallel_threshold = 0});
            vec x = w.flat();
            for (int t = 0; t < 4; ++t) {
                INFO("step " << t + 1);
                vec g(x.size());
                double const fx = quartic::value(x, &g);
                CHECK(opt.step(f) == fx);  // the closure's own value, as torchzero's step returns
                double const d = v.slope(fx);
                for (std::size_t i = 0; i < x.size(); ++i) x[i] -= 0.05 * (d * g[i]);
                REQUIRE(w.flat() == x);  // h′(f)·g in double, then lr: the same operations
            }
            CHECK(f.calls == 4);
            CHECK(opt.evaluations() == 4);
        });
    }
}

TEST_CASE("homotopy with a line search: the search on h(f), as on a closure of h(f) itself", "[modules][homotopy]") {
    for (auto const& v : variants) {
        INFO(v.name << "_homotopy");
        with_homotopy(v.name, lbfgs<5>() | backtracking(), [&](auto const& chain) {
            tzero_test::tensor_list<double> w({{6}, {0}, {3}}), u = w;
            w.fill_normal(11);
            for (auto& t : w.values)
                for (auto& x : t) x *= 0.5;
            u.values = w.values;
            quartic f{w}, transformed{u, v.h, v.slope};
            optimizer opt(chain, w.views());
            optimizer reference(lbfgs<5>() | backtracking(), u.views());
            for (int t = 0; t < 6; ++t) {
                INFO("step " << t + 1);
                opt.step(f);
                reference.step(transformed);
                REQUIRE(w.flat() == u.flat());
            }
            CHECK(f.calls == transformed.calls);  // loss-only trials included: one call each
            CHECK(f.calls > 6);                   // the searches made trials
        });
    }
}

TEST_CASE("homotopy: a closure that throws leaves parameters and state as before", "[modules][homotopy][errors]") {
    tzero_test::tensor_list<double> w({{4}, {0}});
    w.fill_normal(3);
    quartic f{w};
    optimizer opt(sqrt_homotopy() | adam() | lr(0.1), w.views());
    opt.step(f);
    vec const x = w.flat();
    auto const m = opt.state(0, 0);
    vec const moment(m.begin(), m.end());
    f.throw_at = f.calls;
    CHECK_THROWS_WITH(opt.step(f), Contains("tzero: sqrt_homotopy: the closure threw at evaluation 1 of the step 2's "
                                            "gradient estimate (parameters and state are as before the step)"));
    CHECK(w.flat() == x);
    CHECK(opt.steps() == 1);
    auto const after = opt.state(0, 0);
    CHECK(vec(after.begin(), after.end()) == moment);
}

TEST_CASE("homotopy: validation and describe", "[modules][homotopy][errors]") {
    CHECK_THROWS_WITH(validate(lambda_homotopy()),
                      Contains("tzero: lambda_homotopy: fn and derivative must both be functions"));
    CHECK_THROWS_WITH(validate(lambda_homotopy{.fn = log1p_of}), Contains("pass h and its derivative h'"));
    CHECK_NOTHROW(validate(lambda_homotopy(log1p_of, log1p_slope)));
    tzero_test::tensor_list<double> w({{2}, {0}});
    CHECK_THROWS_WITH(optimizer(lambda_homotopy() | lr(0.1), w.views()),
                      Contains("tzero: lambda_homotopy: fn and derivative must both be functions"));
    CHECK(describe(exp_homotopy()) == "exp_homotopy()");
    CHECK(describe(lambda_homotopy(log1p_of, log1p_slope)) == "lambda_homotopy()");
    CHECK_THAT(describe_plan(log_homotopy() | lr(0.1)), Contains("log_homotopy"));
}
