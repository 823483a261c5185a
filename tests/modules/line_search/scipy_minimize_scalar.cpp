// scipy_minimize_scalar: each method finds the exact line minimum of a quadratic (t* = gᵀg/gᵀAg
// along d = g) to its tolerance; the bracket search's first trials (0 free, 1, 1 + 1.618034);
// a given bracket, and one that is not a bracket refused with nothing changed; the previous step
// size as the bracket's end; a huge or non-finite result steps 0; validation, describe. Parity
// with torchzero (which calls SciPy): tests/reference/closure_parity.cpp (sms_*).
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(closure_module<scipy_minimize_scalar> && plan_of<scipy_minimize_scalar>::reduce_slots == 2);

namespace {
using bowl = tzero_test::quadratic_closure<double>;

/// The exact line minimum along d = g of ½·Σ a·x² (a cycled over the elements): gᵀg / gᵀAg.
double line_minimum(std::vector<double> const& x, std::vector<double> const& a) {
    double gg = 0, gag = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        double const c = a[i % a.size()], g = c * x[i];
        gg += g * g, gag += c * g * g;
    }
    return gg / gag;
}
}  // namespace

TEST_CASE("scipy_minimize_scalar: each method finds the line minimum", "[modules][line_search]") {
    struct variant {
        scipy_minimize_scalar search;
        double tolerance;
    };
    for (auto [search, tolerance] :
         {variant{scipy_minimize_scalar(), 1e-7}, variant{scipy_minimize_scalar{.method = scalar_method::golden}, 1e-7},
          variant{scipy_minimize_scalar{.method = scalar_method::bounded, .lower = 0, .upper = 2, .tol = 1e-9}, 1e-7},
          variant{scipy_minimize_scalar{.bracket_a = 0, .bracket_b = 0.1, .bracket_c = 2}, 1e-7}}) {
        INFO(describe(search));
        tzero_test::tensor_list<double> p({{5}, {2, 2}});
        p.fill_normal(4);
        std::vector<double> const a = {1, 2, 3, 5, 7, 11};
        bowl f{p, a};
        std::vector<double> const x0 = p.flat();
        double const t = line_minimum(x0, a);
        optimizer opt(search, p.views());
        opt.step(f);
        std::vector<double> const x1 = p.flat();
        for (std::size_t i = 0; i < x0.size(); ++i) {
            double const expected = x0[i] - t * a[i % a.size()] * x0[i];
            CHECK(x1[i] == Approx(expected).epsilon(tolerance).margin(1e-9));
        }
        CHECK(opt.reduce_state(0)[0] == 1);
        CHECK(opt.reduce_state(0)[1] == Approx(t).epsilon(tolerance));
    }
}

TEST_CASE("scipy_minimize_scalar: the bracket search's first trials", "[modules][line_search]") {
    // a = 1 everywhere: φ(t) ∝ (1 − t)², minimum at t = 1. The search evaluates φ(0) (the step's
    // loss, free), φ(1), then 1 + 1.618034·(1 − 0) = 2.618034: φ rises, so (0, 1, 2.618…) brackets
    tzero_test::tensor_list<double> p({{3}, {0}});
    p.fill_normal(2);
    std::vector<double> trials;
    std::vector<double> const x0 = p.flat();
    auto f = [&](std::span<tensor_view<double> const> grads) {
        double fx = 0;
        for (std::size_t i = 0; i < 3; ++i) {
            fx += 0.5 * p.values[0][i] * p.values[0][i];
            if (!grads.empty()) grads[0].data[i] = p.values[0][i];
        }
        if (grads.empty()) trials.push_back(1 - p.values[0][0] / x0[0]);  // t from the first element
        return fx;
    };
    optimizer opt(scipy_minimize_scalar(), p.views());
    opt.step(f);
    REQUIRE(trials.size() >= 3);
    CHECK(trials[0] == Approx(1.0));
    CHECK(trials[1] == Approx(2.618034));
    CHECK(opt.reduce_state(0)[1] == Approx(1.0).epsilon(1e-8));
}

TEST_CASE("scipy_minimize_scalar: a triple that is not a bracket is refused, nothing changed",
          "[modules][line_search][errors]") {
    tzero_test::tensor_list<double> p({{4}, {0}});
    p.fill_normal(5);
    bowl f{p, {1.0}};
    optimizer opt(scipy_minimize_scalar(), p.views());
    opt.step(f);
    std::vector<double> const x = p.flat();
    auto const scalars = opt.reduce_state(0);
    std::vector<double> const before(scalars.begin(), scalars.end());
    // φ ∝ (1 − t)²: φ(3) < φ(5) but φ(3) > φ(2)... (2, 3, 5) has its lowest value at 2
    opt.chain() = as_chain(scipy_minimize_scalar{.bracket_a = 2, .bracket_b = 3, .bracket_c = 5});
    CHECK_THROWS_WITH(opt.step(f), Contains("must have f(xb) below f(xa) and f(xc)"));
    CHECK(p.flat() == x);
    CHECK(opt.steps() == 1);
    CHECK(std::vector<double>(opt.reduce_state(0).begin(), opt.reduce_state(0).end()) == before);
    opt.chain() = as_chain(scipy_minimize_scalar{.bracket_a = 1, .bracket_b = 0.5, .bracket_c = 2});
    CHECK_THROWS_WITH(opt.step(f), Contains("must have xa < xb < xc"));
    CHECK(p.flat() == x);
}

TEST_CASE("scipy_minimize_scalar: prev_init ends the bracket at the previous step size", "[modules][line_search]") {
    // the same bowl each step: the previous t is the minimum, so the bracket (0, t_prev) starts at it
    tzero_test::tensor_list<double> p({{6}, {0}});
    p.fill_normal(8);
    bowl f{p, {0.5}};
    optimizer opt(scipy_minimize_scalar{.prev_init = true}, p.views());
    opt.step(f);
    CHECK(opt.reduce_state(0)[1] == Approx(2.0).epsilon(1e-8));
    int const first = f.calls;
    p.fill_normal(9);
    opt.step(f);
    CHECK(opt.reduce_state(0)[1] == Approx(2.0).epsilon(1e-8));
    CHECK(f.calls - first < first);  // fewer trials from the remembered bracket
}

TEST_CASE("scipy_minimize_scalar: an unbounded line steps 0", "[modules][line_search]") {
    // φ(t) = −t·c, falling forever: the bracket walks out until φ overflows to −inf... and the
    // result is not finite or beyond max/2 of float: the step is 0
    tzero_test::tensor_list<float> p(std::vector<std::vector<std::size_t>>{{2}});
    p.values[0] = {1.0f, -1.0f};
    auto f = [&](std::span<tensor_view<float> const> grads) {
        if (!grads.empty()) grads[0].data[0] = 1.0f, grads[0].data[1] = 0.0f;
        return double(p.values[0][0]);
    };
    optimizer opt(scipy_minimize_scalar{.maxiter = 50}, p.views());
    opt.step(f);
    CHECK(p.values[0][0] == 1.0f);
    CHECK(opt.reduce_state(0)[1] == 0.0);
}

TEST_CASE("scipy_minimize_scalar: validation and describe", "[modules][line_search][errors]") {
    CHECK_THROWS_WITH(validate(scipy_minimize_scalar{.maxiter = -1}), Contains("maxiter must be >= 0"));
    CHECK_THROWS_WITH(validate(scipy_minimize_scalar{.tol = -1}), Contains("tol must be >= 0 or NaN"));
    CHECK_THROWS_WITH(validate(scipy_minimize_scalar{.method = scalar_method::bounded}),
                      Contains("bounded needs finite lower and upper bounds"));
    CHECK_THROWS_WITH(validate(scipy_minimize_scalar{.method = scalar_method::bounded, .lower = 1, .upper = 0}),
                      Contains("the lower bound exceeds the upper bound"));
    CHECK(describe(scipy_minimize_scalar{.method = scalar_method::golden})
              .starts_with("scipy_minimize_scalar(method=golden, maxiter=0, bracket_a=0, bracket_b=1"));
}
