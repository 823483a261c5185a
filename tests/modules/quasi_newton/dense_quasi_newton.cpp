// The dense quasi-Newton methods (modules/detail/dense_quasi_newton.hpp) and the dense stage they
// run in (core/dense.hpp): BFGS's inverse update against the textbook product form written out
// here, the direct form against the inverse one, the concatenation over tensors of sizes 1 and
// odd lengths, the schedule (update_freq), a singular B, the plan, validation, checkpoints, the
// non-finite policies and a throwing closure; gradient_correction against its formula. Parity
// with torchzero behind line searches: tests/reference/dense_parity.cpp.
#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include <tzero/checkpoint.hpp>
#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(dense_module<bfgs> && dense_module<shor_r> && !dense_module<lbfgs<>> && reduce_module<bfgs>);
static_assert(plan_of<decltype(bfgs() | lr(0.5))>::has_dense && plan_of<decltype(bfgs() | lr(0.5))>::passes == 2 &&
              plan_of<decltype(bfgs() | lr(0.5))>::chosen == handoff::materialize);
// g → scratch, then scratch → p: 4 streams in the passes; the matrix is the host's (describe_plan)
static_assert(plan_of<decltype(bfgs() | lr(0.5))>::bytes_per_element<float> == 20);
static_assert(plan_of<decltype(adam() | bfgs() | strong_wolfe())>::dense_module_index == 1 &&
              plan_of<decltype(adam() | bfgs() | strong_wolfe())>::closure_module_index == 2);
static_assert(bfgs::dense_state_size(10) == 120 && thomas_optimal_method::dense_state_size(10) == 220);
static_assert(new_ssm::uses_loss && !bfgs::uses_loss && plan_of<decltype(new_ssm() | lr(1))>::uses_loss);

namespace {
using vec = std::vector<double>;
using shapes = std::vector<std::vector<std::size_t>>;

/// The gradient of ½ xᵀAx − bᵀx for a fixed symmetric positive definite A (n = 6).
vec quadratic_gradient(vec const& x) {
    std::size_t const n = x.size();
    vec g(n);
    for (std::size_t i = 0; i < n; ++i) {
        g[i] = -(double(i) - 2.5);
        for (std::size_t j = 0; j < n; ++j) {
            double const a = i == j ? 2.0 + double(i) : 0.3 / (1.0 + double(i + j));
            g[i] += a * x[j];
        }
    }
    return g;
}

/// BFGS's inverse update in its product form, H⁺ = (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, with
/// torchzero's schedule: H = I on the first step, scaled by sᵀy/yᵀy before the first update.
struct bfgs_written_out {
    std::size_t n;
    std::vector<vec> h;
    vec p_prev, g_prev;
    bool scaled = false;

    vec direction(vec const& p, vec const& g) {
        if (h.empty()) {
            h.assign(n, vec(n, 0.0));
            for (std::size_t i = 0; i < n; ++i) h[i][i] = 1;
        } else {
            vec s(n), y(n);
            for (std::size_t i = 0; i < n; ++i) s[i] = p[i] - p_prev[i], y[i] = g[i] - g_prev[i];
            double const sy = tzero_test::dot(s, y), yy = tzero_test::dot(y, y);
            if (!scaled)
                for (auto& row : h)
                    for (double& x : row) x *= sy / yy;
            scaled = true;
            double const rho = 1 / sy;
            std::vector<vec> left(n, vec(n)), out(n, vec(n, 0.0));
            for (std::size_t i = 0; i < n; ++i)
                for (std::size_t j = 0; j < n; ++j) left[i][j] = (i == j) - rho * s[i] * y[j];
            std::vector<vec> lh(n, vec(n, 0.0));
            for (std::size_t i = 0; i < n; ++i)
                for (std::size_t k = 0; k < n; ++k)
                    for (std::size_t j = 0; j < n; ++j) lh[i][j] += left[i][k] * h[k][j];
            for (std::size_t i = 0; i < n; ++i)
                for (std::size_t k = 0; k < n; ++k)
                    for (std::size_t j = 0; j < n; ++j) out[i][j] += lh[i][k] * left[j][k];  // ·leftᵀ
            for (std::size_t i = 0; i < n; ++i)
                for (std::size_t j = 0; j < n; ++j) out[i][j] += rho * s[i] * s[j];
            h = out;
        }
        p_prev = p, g_prev = g;
        vec d(n, 0.0);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j) d[i] += h[i][j] * g[j];
        return d;
    }
};

/// Steps `chain` (lr after the method) on the quadratic over tensors of `shapes`; the parameters
/// after each step, flat.
template <class T, class C>
std::vector<vec> trajectory(C const& chain, std::vector<std::vector<std::size_t>> shapes, int steps) {
    tzero_test::tensor_list<T> p(shapes), g(shapes);
    vec start(6);
    for (std::size_t i = 0; i < 6; ++i) start[i] = 0.5 - 0.2 * double(i);
    p.assign_flat(start);
    optimizer opt(chain, p.views());
    std::vector<vec> out;
    for (int t = 0; t < steps; ++t) {
        g.assign_flat(quadratic_gradient(p.flat()));
        opt.step(g.const_views());
        out.push_back(p.flat());
    }
    return out;
}

double rosenbrock(vec const& x, vec& g) {
    g.assign(x.size(), 0.0);
    double f = 0;
    for (std::size_t i = 0; i + 1 < x.size(); ++i) {
        double const a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
        f += 100 * a * a + b * b;
        g[i] += -400 * x[i] * a - 2 * b;
        g[i + 1] += 200 * a;
    }
    return f;
}
}  // namespace

TEST_CASE("bfgs: the inverse update matches its product form written out", "[modules][quasi_newton][dense]") {
    bfgs_written_out ref{6, {}, {}, {}};
    vec x(6);
    for (std::size_t i = 0; i < 6; ++i) x[i] = 0.5 - 0.2 * double(i);
    auto const got = trajectory<double>(bfgs() | lr(0.25), {{6}}, 8);
    for (std::size_t t = 0; t < got.size(); ++t) {
        vec const d = ref.direction(x, quadratic_gradient(x));
        for (std::size_t i = 0; i < 6; ++i) x[i] -= 0.25 * d[i];
        for (std::size_t i = 0; i < 6; ++i) {
            INFO("step " << t + 1 << ", element " << i);
            CHECK(tzero_test::close(got[t][i], x[i], 1e-12));
        }
    }
}

TEST_CASE("dense quasi-Newton: every tensor is one vector, in order, float follows double",
          "[modules][quasi_newton][dense]") {
    // sizes 1 and odd lengths concatenated: the same steps as one flat tensor of the same values
    auto const flat = trajectory<double>(dfp() | lr(0.5), {{6}}, 6);
    auto const split = trajectory<double>(dfp() | lr(0.5), {{1}, {3}, {1, 2}}, 6);
    CHECK(flat == split);
    auto const single = trajectory<float>(dfp() | lr(0.5), {{1}, {3}, {1, 2}}, 6);
    for (std::size_t t = 0; t < flat.size(); ++t)
        for (std::size_t i = 0; i < 6; ++i) CHECK(tzero_test::close(single[t][i], flat[t][i], 1e-5));
}

TEST_CASE("dense quasi-Newton: the direct form B solves what the inverse form H multiplies",
          "[modules][quasi_newton][dense]") {
    // B = H⁻¹ for BFGS, DFP and SR1 (the inverse and direct updates are each other's inverses)
    auto const compare = [](auto const& inverse, auto const& direct) {
        auto const a = trajectory<double>(inverse | lr(0.5), {{2}, {4}}, 7);
        auto const b = trajectory<double>(direct | lr(0.5), {{2}, {4}}, 7);
        for (std::size_t t = 0; t < a.size(); ++t)
            for (std::size_t i = 0; i < 6; ++i) CHECK(tzero_test::close(a[t][i], b[t][i], 1e-8));
    };
    compare(bfgs(), bfgs{.inverse = false});
    compare(dfp(), dfp{.inverse = false});
    compare(sr1{.init_scale = 2}, sr1{.init_scale = 2, .inverse = false});
}

TEST_CASE("dense quasi-Newton: update_freq keeps M between its updates", "[modules][quasi_newton][dense]") {
    tzero_test::tensor_list<double> p(shapes{{3}}), g(shapes{{3}});
    p.assign_flat({1, -2, 0.5});
    optimizer opt(bfgs{.update_freq = 3} | lr(0.1), p.views());
    std::vector<double> after;
    for (int t = 1; t <= 6; ++t) {
        g.assign_flat(quadratic_gradient(vec{p.flat()[0], p.flat()[1], p.flat()[2], 0, 0, 0}));
        opt.step(g.const_views());
        auto const m = opt.dense_state();
        std::vector<double> const now(m.begin(), m.end());
        if (t == 2 || t == 3 || t == 5 || t == 6) CHECK(now == after);  // steps 2, 3, 5, 6: no update
        after = now;
        CHECK(opt.reduce_state(0)[detail::dqn_updates] == double((t + 2) / 3));
    }
}

TEST_CASE("dense quasi-Newton: a singular B clears the state and steps along the scaled update",
          "[modules][quasi_newton][dense]") {
    // one element: B = 1, s = −1, y = 0 makes SR1's B⁺ = 1 + z²/(zs) = 0 (z = y − Bs = 1)
    std::vector<double> p = {0};
    auto const c = sr1{.init_scale = 1, .gtol = -1, .inverse = false} | lr(1.0);
    optimizer opt(c, std::vector{tensor_view<double>(p.data(), {1})});
    std::vector<double> g = {1};
    std::vector<tensor_view<double const>> const grads = {tensor_view<double const>(g.data(), {1})};
    opt.step(grads);
    CHECK(p[0] == -1);  // B = I: d = u
    opt.step(grads);    // B⁺ = 0: torchzero clears the state and steps by u·initial_step_size(u) = u
    CHECK(p[0] == -2);
    for (double x : opt.reduce_state(0)) CHECK(x == 0);
    opt.step(grads);  // initialized again: B = I
    CHECK(p[0] == -3);
    CHECK(opt.reduce_state(0)[detail::dqn_exists] == 1);
}

TEST_CASE("dense quasi-Newton: options of other methods, forms that do not exist and bad values are refused",
          "[modules][quasi_newton][dense]") {
    CHECK_THROWS_WITH(validate(bfgs{.init_scale = 0}), Contains("bfgs: init_scale must be > 0"));
    CHECK_THROWS_WITH(validate(sr1{.update_freq = 0}), Contains("sr1: update_freq must be >= 1"));
    CHECK_THROWS_WITH(validate(dfp{.beta = 1}), Contains("dfp: beta must be in [0, 1)"));
    CHECK_THROWS_WITH(validate(bfgs{.restart_interval = -2}), Contains("restart_interval must be >= 1"));
    CHECK_THROWS_WITH(validate(greenstadt1{.inverse = false}), Contains("greenstadt1: there is no direct form B"));
    CHECK_THROWS_WITH(validate(psb{.inverse = true}), Contains("psb: there is no inverse form H"));
    CHECK_THROWS_WITH(validate(bfgs{.alpha = 0.3}), Contains("bfgs: alpha is shor_r's option"));
    CHECK_THROWS_WITH(validate(sr1{.switch_rule = ssvm_switch::rule1}), Contains("ssvm's options"));
    CHECK_THROWS_WITH(validate(dfp{.type = 2}), Contains("type is new_ssm's option"));
    CHECK_THROWS_WITH(validate(new_ssm{.type = 3}), Contains("new_ssm: type must be 1 or 2"));
    // the checks and fields both families share (modules/detail/hessian_update_options.hpp)
    CHECK_THROWS_WITH(detail::check_hessian_update_options<detail::psb_update>(1, 0, 1, 0, true),
                      Contains("psb: there is no inverse form H"));
    CHECK(std::tuple_size_v<decltype(detail::hessian_update_fields<bfgs>())> == 10);
    CHECK(std::tuple_size_v<decltype(bfgs::hyperparameters())> == 10);
    CHECK_NOTHROW(validate(shor_r{.alpha = 0.3}));
    CHECK_NOTHROW(validate(ssvm{.switch_rule = ssvm_switch::fixed, .phi = 0.5, .theta = 0.5}));
    CHECK(describe(shor_r{.alpha = 0.3}).find("alpha=0.3") != std::string::npos);
    CHECK(describe(bfgs()).find("alpha") == std::string::npos);  // listed by the method that reads it only
    // a bad value found by the step changes nothing
    tzero_test::tensor_list<double> p(shapes{{3}}), g(shapes{{3}});
    p.assign_flat({1, 2, 3});
    g.assign_flat({1, 1, 1});
    optimizer opt(bfgs() | lr(0.1), p.views());
    opt.chain().get<0>().beta = 2;
    CHECK_THROWS_WITH(opt.step(g.const_views()), Contains("beta must be in [0, 1)"));
    CHECK(p.flat() == vec{1, 2, 3});
    CHECK(opt.steps() == 0);
}

TEST_CASE("dense quasi-Newton: the plan names the dense stage", "[modules][quasi_newton][dense]") {
    std::string const text = describe_plan(adam() | thomas_optimal_method() | strong_wolfe());
    CHECK_THAT(text, Contains("dense stage thomas_optimal_method: on the host"));
    CHECK_THAT(text, Contains("2 n x n matrices"));
    CHECK_THAT(text, Contains("then thomas_optimal_method's input (the whole update)"));
    CHECK_THAT(describe_plan(bfgs() | lr(1)), Contains("1 n x n matrix"));
}

TEST_CASE("dense quasi-Newton: a checkpoint holds the matrix, a resumed run is the same run",
          "[modules][quasi_newton][dense][checkpoint]") {
    auto const run = [](auto& opt, tzero_test::tensor_list<double>& p, int steps) {
        tzero_test::tensor_list<double> g(p.shapes);
        for (int t = 0; t < steps; ++t) {
            g.assign_flat(quadratic_gradient(p.flat()));
            opt.step(g.const_views());
        }
    };
    tzero_test::tensor_list<double> p(shapes{{2}, {1}, {3}});
    p.assign_flat({0.5, 0.3, 0.1, -0.1, -0.3, -0.5});
    auto const c = ssvm() | lr(0.5);
    optimizer whole(c, p.views());
    run(whole, p, 3);
    std::string const file = to_checkpoint(whole);
    CHECK(file.find("\"0.ssvm.dense\"") != std::string::npos);
    tzero_test::tensor_list<double> q = p;
    run(whole, p, 4);

    optimizer resumed(c, q.views());
    from_checkpoint(resumed, file);
    CHECK(resumed.dense_state().size() == ssvm::dense_state_size(6));
    run(resumed, q, 4);
    CHECK(q.flat() == p.flat());
    CHECK(std::vector<double>(resumed.dense_state().begin(), resumed.dense_state().end()) ==
          std::vector<double>(whole.dense_state().begin(), whole.dense_state().end()));

    // another parameter list (another n) is refused, with nothing changed
    tzero_test::tensor_list<double> other(shapes{{2}, {1}, {2}});
    optimizer different(c, other.views());
    std::vector<double> const before(different.dense_state().begin(), different.dense_state().end());
    CHECK_THROWS_WITH(from_checkpoint(different, file), Contains("parameter 2 has shape"));
    CHECK(std::vector<double>(different.dense_state().begin(), different.dense_state().end()) == before);
}

TEST_CASE("dense quasi-Newton: a throwing closure leaves the matrix as before the step",
          "[modules][quasi_newton][dense][closure]") {
    tzero_test::tensor_list<double> p(shapes{{2}, {1}});
    p.assign_flat({-1.2, 1.0, 0.5});
    optimizer opt(bfgs() | strong_wolfe(), p.views());
    int calls = 0, throw_at = -1;
    auto const f = [&](std::span<tensor_view<double> const> grads) {
        if (calls++ == throw_at) throw std::runtime_error("boom");
        vec g;
        double const value = rosenbrock(p.flat(), g);
        std::size_t k = 0;
        for (auto const& view : grads)
            for (std::size_t i = 0; i < view.size(); ++i) view.data[i] = g[k++];
        return value;
    };
    for (int t = 0; t < 3; ++t) opt.step(f);
    vec const params = p.flat();
    std::vector<double> const matrix(opt.dense_state().begin(), opt.dense_state().end());
    std::vector<double> const scalars(opt.reduce_state(0).begin(), opt.reduce_state(0).end());
    throw_at = calls + 1;  // the first trial, after the matrix's update
    CHECK_THROWS_WITH(opt.step(f), Contains("the closure threw at trial"));
    CHECK(p.flat() == params);
    CHECK(std::vector<double>(opt.dense_state().begin(), opt.dense_state().end()) == matrix);
    CHECK(std::vector<double>(opt.reduce_state(0).begin(), opt.reduce_state(0).end()) == scalars);
    CHECK(opt.steps() == 3);
    throw_at = -1;  // and it goes on from there
    vec g;
    double const before = rosenbrock(p.flat(), g);
    for (int t = 0; t < 10; ++t) opt.step(f);
    CHECK(rosenbrock(p.flat(), g) < before);
}

TEST_CASE("dense quasi-Newton: skip and raise leave the matrix alone, zero reads NaN as 0",
          "[modules][quasi_newton][dense]") {
    tzero_test::tensor_list<double> p(shapes{{3}}), g(shapes{{3}});
    p.assign_flat({1, 2, 3});
    optimizer skip(sr1() | lr(0.1), p.views(), optimizer_options{.on_nonfinite = nonfinite::skip});
    g.assign_flat({1, 2, 3});
    skip.step(g.const_views());
    std::vector<double> const matrix(skip.dense_state().begin(), skip.dense_state().end());
    g.assign_flat({1, std::nan(""), 3});
    CHECK_FALSE(skip.step(g.const_views()));
    CHECK(std::vector<double>(skip.dense_state().begin(), skip.dense_state().end()) == matrix);

    tzero_test::tensor_list<double> a(shapes{{3}}), b(shapes{{3}});
    a.assign_flat({1, 2, 3}), b.assign_flat({1, 2, 3});
    optimizer zero(sr1() | lr(0.1), a.views(), optimizer_options{.on_nonfinite = nonfinite::zero});
    optimizer clean(sr1() | lr(0.1), b.views());
    tzero_test::tensor_list<double> bad(shapes{{3}}), good(shapes{{3}});
    bad.assign_flat({std::nan(""), 2, 3}), good.assign_flat({0, 2, 3});
    zero.step(bad.const_views()), clean.step(good.const_views());
    CHECK(a.flat() == b.flat());
}

TEST_CASE("gradient_correction: u − y·(sᵀu)/(sᵀy) after the first step", "[modules][quasi_newton]") {
    tzero_test::tensor_list<double> p(shapes{{2}, {1}}), g(shapes{{2}, {1}});
    p.assign_flat({1, 2, 3});
    optimizer opt(gradient_correction() | lr(0.5), p.views());
    g.assign_flat({1, -1, 2});
    opt.step(g.const_views());
    CHECK(p.flat() == vec{0.5, 2.5, 2});  // the first step passes u through
    vec const p1 = p.flat(), u = {0.5, 1, -1}, s = {-0.5, 0.5, -1}, y = {-0.5, 2, -3};
    g.assign_flat(u);
    opt.step(g.const_views());
    double const c = tzero_test::dot(s, u) / tzero_test::dot(s, y);
    for (std::size_t i = 0; i < 3; ++i) CHECK(tzero_test::close(p.flat()[i], p1[i] - 0.5 * (u[i] - y[i] * c), 1e-14));
}
