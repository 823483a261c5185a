#include <catch2/catch.hpp>

#include <cmath>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

// Two norms in one pass: graft is one reduce module with the terms of two metrics.
static_assert(plan_of<decltype(graft(sign(), identity()))>::passes == 2);
static_assert(plan_of<decltype(graft(sign(), identity()))>::max_terms == 6);
static_assert(plan_of<decltype(graft(sign(), identity()))>::maxima_of_pass(0) == 2);  // max ±|d|, max ±|m|
static_assert(plan_of<decltype(graft(adam(), ema()) | lr(1))>::state_slots == 3);     // adam's 2, ema's 1
static_assert(uses_grad_v<decltype(graft_to_grad())> && uses_param_v<decltype(graft_to_params())>);
static_assert(std::is_same_v<decltype(graft_to_grad())::reduce_scope, global_t>);
static_assert(std::is_same_v<decltype(graft(sign(), identity()))::reduce_scope, per_tensor_t>);

namespace {
template <class T>
std::vector<tensor_view<T const>> views(std::vector<std::vector<T>> const& g) {
    std::vector<tensor_view<T const>> v;
    for (auto const& x : g) v.emplace_back(x.data(), std::vector<std::size_t>{x.size()});
    return v;
}
}  // namespace

TEMPLATE_TEST_CASE("graft: the direction's signs with the update's norm, per tensor", "[modules][graft]", float,
                   double) {
    using T = TestType;
    tzero_test::tensor_list<T> p{{{2}, {2}}};
    std::vector<std::vector<T>> g{{T(3), T(-4)}, {T(0), T(0)}};
    optimizer opt{graft(sign(), identity()), p.views()};
    opt.step(views(g));
    // sign(3, −4) = (1, −1), norm √2; the update's norm is 5: (1, −1)·5/√2
    CHECK(p.values[0][0] == Approx(-5 / std::sqrt(2.0)));
    CHECK(p.values[0][1] == Approx(5 / std::sqrt(2.0)));
    CHECK(p.values[1][0] == T(0));  // zero direction: 0 · 0/eps
}

TEMPLATE_TEST_CASE("graft: global scope, strength and eps", "[modules][graft]", float, double) {
    using T = TestType;
    tzero_test::tensor_list<T> p{{{1}, {1}}};
    std::vector<std::vector<T>> g{{T(3)}, {T(4)}};
    auto half = graft(sign(), identity(), global);
    half.strength = 0.5;  // norm lerps halfway back to the direction's own: (5 + √2)/2
    optimizer opt{half, p.views()};
    opt.step(views(g));
    double const factor = (5 + std::sqrt(2.0)) / 2 / std::sqrt(2.0);
    CHECK(p.values[0][0] == Approx(-factor));
    CHECK(p.values[1][0] == Approx(-factor));

    auto const e = graft(sign(), identity());
    // sums Σd², Σd (unused), Σm², Σm (unused), then the maxima (−∞, the identity, for the 2-norm)
    // ‖d‖ = 0 counts as eps
    CHECK(e.finalize(reduction<6>{{0.0, 0.0, 4.0, 0.0, -INFINITY, -INFINITY}, 1, nullptr, 1}) == Approx(2 / 1e-6));
}

namespace {
/// The parameters after one step from 0 of `graft(sign(), identity(), scope)` with norm `ord`,
/// gradients `g` (two tensors).
template <class T, class Scope>
std::vector<std::vector<T>> sign_grafted_to_gradient(metric ord, Scope scope, std::vector<std::vector<T>> const& g) {
    auto m = graft(sign(), identity(), scope);
    m.ord = ord;
    tzero_test::tensor_list<T> p{{{g[0].size()}, {g[1].size()}}};
    optimizer opt{m, p.views()};
    opt.step(views(g));
    return p.values;
}
}  // namespace

TEMPLATE_TEST_CASE("graft: the inf-norm and the -inf-norm take the largest and smallest |x|", "[modules][graft]", float,
                   double) {
    using T = TestType;
    static_assert(reduce_terms_v<decltype(graft(sign(), identity()))> == 6);
    static_assert(reduce_maxima_v<decltype(graft(sign(), identity()))> == 2);
    std::vector<std::vector<T>> const g{{T(3), T(-4)}, {T(0.5), T(-1), T(2)}};
    // per tensor, ‖sign‖∞ = 1: the first tensor at 4, the second at 2
    auto p = sign_grafted_to_gradient(INFINITY, per_tensor, g);
    CHECK(p[0] == std::vector<T>{T(-4), T(4)});
    CHECK(p[1] == std::vector<T>{T(-2), T(2), T(-2)});
    p = sign_grafted_to_gradient(-INFINITY, per_tensor, g);  // min |x|: 3 and 0.5
    CHECK(p[0] == std::vector<T>{T(-3), T(3)});
    CHECK(p[1] == std::vector<T>{T(-0.5), T(0.5), T(-0.5)});
    p = sign_grafted_to_gradient(INFINITY, global, g);  // max |g| = 4 over both
    CHECK(p[1] == std::vector<T>{T(-4), T(4), T(-4)});
    p = sign_grafted_to_gradient(0, global, g);  // 5 nonzeros in both: sign at 5/5
    CHECK(p[0] == std::vector<T>{T(-1), T(1)});
    auto const e = graft(sign(), identity());
    auto inf = e;
    inf.ord = INFINITY;
    CHECK(inf.finalize(reduction<6>{{0, 0, 0, 0, 1, 4}, 2, nullptr, 1}) == 4);
    CHECK(std::isnan(inf.finalize(reduction<6>{{0, 0, 0, 0, 1, NAN}, 2, nullptr, 1})));
}

TEMPLATE_TEST_CASE("graft: named metrics take the statistic of both", "[modules][graft]", float, double) {
    using T = TestType;
    std::vector<std::vector<T>> const g{{T(3), T(-5)}, {T(0.5), T(-1), T(3.5)}};
    // mad: mean |sign| = 1, so the sign at mean |g|: 4 and 5/3
    auto p = sign_grafted_to_gradient("mad", per_tensor, g);
    CHECK(p[0][0] == Approx(-4));
    CHECK(p[0][1] == Approx(4));
    CHECK(p[1][2] == Approx(-5.0 / 3));
    // sum over all: Σ sign = 1, Σ g = 1: the sign itself
    p = sign_grafted_to_gradient("sum", global, g);
    CHECK(p[1] == std::vector<T>{T(-1), T(1), T(-1)});
    // std per tensor: of (1, −1) √2, of (3, −5) √32: the sign at 4
    p = sign_grafted_to_gradient("std", per_tensor, g);
    CHECK(p[0][0] == Approx(-4));
}

TEMPLATE_TEST_CASE("graft: the six torchzero grafts", "[modules][graft]", float, double) {
    using T = TestType;
    std::vector<std::vector<T>> g{{T(3), T(4)}};
    auto const run = [&](auto const& chain, std::vector<T> p0) {
        tzero_test::tensor_list<T> p{{{2}}};
        p.values[0] = p0;
        optimizer opt{chain, p.views()};
        opt.step(views(g));
        return std::vector<T>{p0[0] - p.values[0][0], p0[1] - p.values[0][1]};
    };
    // the update (g·2) at the gradient's norm 5 → g itself
    auto u = run(mul(2) | graft_to_grad(), {T(0), T(0)});
    CHECK(u[0] == Approx(3));
    CHECK(u[1] == Approx(4));
    // the gradient at the update's norm (10)
    u = run(mul(2) | graft_grad_to_update(), {T(0), T(0)});
    CHECK(u[0] == Approx(6));
    // the update at the parameters' norm (‖(0, 2)‖ = 2)
    u = run(graft_to_params(), {T(0), T(2)});
    CHECK(u[0] == Approx(1.2));
    CHECK(u[1] == Approx(1.6));
    // input to output: the update at sign's norm √2; output to input: sign at the update's norm 5
    u = run(graft_input_to_output(sign()), {T(0), T(0)});
    CHECK(u[1] == Approx(4 * std::sqrt(2.0) / 5));
    u = run(graft_output_to_input(sign()), {T(0), T(0)});
    CHECK(u[1] == Approx(5 / std::sqrt(2.0)));
    CHECK(std::string(decltype(graft_to_params())::name) == "graft_to_params");
    CHECK(graft_to_params().eps == 1e-4);
}

TEST_CASE("graft: the magnitude branch's state steps even though only its norm is used", "[modules][graft]") {
    std::vector<double> p{0.0};
    optimizer opt{graft(sign(), ema(0.5)), std::vector<tensor_view<double>>{tensor_view<double>(p.data(), {1})}};
    std::vector<double> g{4};
    opt.step(std::vector<tensor_view<double const>>{tensor_view<double const>(g.data(), {1})});
    CHECK(opt.state(0, 0)[0] == Approx(2.0));  // ema(0.5) of 4 from 0
    CHECK(p[0] == Approx(-2.0));               // sign 1 at ema's norm 2
}

TEST_CASE("graft: bad hyperparameters are refused", "[modules][graft][errors]") {
    auto g = graft(sign(), identity());
    g.ord = std::nan("");
    REQUIRE_THROWS_WITH(g.validate(), Catch::Contains("tzero: graft: ord must be a number"));
    for (double ord : {-1.0, 0.0, 0.5, double(INFINITY), -double(INFINITY)}) {
        g.ord = ord;
        CHECK_NOTHROW(g.validate());
    }
    g.ord = 2;
    g.eps = -1;
    REQUIRE_THROWS_WITH(g.validate(), Catch::Contains("tzero: graft: eps"));
    g.eps = 0;
    g.strength = std::nan("");
    REQUIRE_THROWS_WITH(g.validate(), Catch::Contains("tzero: graft: strength"));
    auto bad = graft(clip(-1, 1), identity());
    bad.direction.chain.template get<0>().min = 2;  // a bad module inside a branch is refused too
    REQUIRE_THROWS_AS(validate(bad), tzero::error);
}
