// perturb_weights: each evaluation at w + δ, δ = a_t·z with a_t = alpha·metric(w_t) (relative)
// or alpha, z drawn at (seed, step, tensor, element), written out; uniform within ±a_t, sphere
// of norm a_t per tensor; the same δ at a line search's trials, a new one each step; the weights
// put back exactly; a throw undone; validation. torchzero draws δ from torch's generator, so
// there is no reference case.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

#include <tzero/tzero.hpp>

#include "modules/quartic_closure.hpp"
#include "support.hpp"

using namespace tzero;
using Catch::Contains;
using tzero_test::quartic;

static_assert(gradient_approximator<perturb_weights> && reshapes_loss_v<perturb_weights>);

namespace {
using vec = std::vector<double>;

std::vector<std::vector<std::size_t>> const shapes = {{30, 20}, {0}, {7}, {500}};

/// a_t for every element of the flat parameters: alpha·metric(w_t) or alpha.
vec scales(tzero_test::tensor_list<double> const& w, double alpha, bool relative, char const* stat) {
    vec out;
    for (auto const& t : w.values) {
        double a = alpha;
        if (relative && std::string(stat) == "mad") {
            double s = 0;
            for (double x : t) s += std::abs(x);
            a *= s / double(t.size());
        } else if (relative) {  // "l2"
            double s = 0;
            for (double x : t) s += x * x;
            a *= std::sqrt(s);
        }
        out.insert(out.end(), t.size(), a);
    }
    return out;
}
}  // namespace

TEST_CASE("perturb_weights: every evaluation at w + a_t·z, written out", "[modules][perturb_weights]") {
    for (bool relative : {true, false})
        for (char const* stat : {"mad", "l2"}) {
            INFO("relative " << relative << ", metric " << stat);
            tzero_test::tensor_list<double> w(shapes);
            w.fill_normal(5);
            tzero_test::recording_quartic f{quartic{w}};
            auto const chain =
                perturb_weights{.alpha = 0.2, .relative = relative, .metric = stat, .seed = 7} | lr(0.01);
            optimizer opt(chain, w.views(), optimizer_options{.chunk_size = 64, .parallel_threshold = 0});
            for (long step = 1; step <= 3; ++step) {
                INFO("step " << step);
                vec const x = w.flat(), a = scales(w, 0.2, relative, stat);
                f.points.clear();
                double const loss = opt.step(f);
                REQUIRE(f.points.size() == 1);
                vec const& seen = f.points[0];
                std::uint64_t const key = random::step_key(7, step);
                std::size_t k = 0;
                for (std::size_t t = 0; t < w.values.size(); ++t)
                    for (std::size_t i = 0; i < w.values[t].size(); ++i, ++k) {
                        double const z = random::normal<double>(key, position{i, std::uint32_t(t)});
                        REQUIRE(seen[k] == Approx(x[k] + a[k] * z).epsilon(1e-13).margin(1e-15));
                    }
                vec g(x.size());
                CHECK(loss == quartic::value(seen, &g));
                vec const now = w.flat();
                for (std::size_t i = 0; i < x.size(); ++i) REQUIRE(now[i] == x[i] - 0.01 * g[i]);
            }
        }
}

TEST_CASE("perturb_weights: uniform within ±a_t, sphere of norm a_t per tensor", "[modules][perturb_weights]") {
    for (auto d : {weight_perturbation::uniform, weight_perturbation::sphere}) {
        tzero_test::tensor_list<double> w(shapes);
        w.fill_normal(3);
        tzero_test::recording_quartic f{quartic{w}};
        optimizer opt(perturb_weights{.alpha = 0.5, .distribution = d} | lr(0.0), w.views());
        vec const x = w.flat(), a = scales(w, 0.5, true, "mad");
        opt.step(f);
        vec const& seen = f.points[0];
        std::size_t k = 0;
        for (auto const& t : w.values) {
            double norm = 0, largest = 0;
            for (std::size_t i = 0; i < t.size(); ++i, ++k) {
                double const delta = seen[k] - x[k];
                norm += delta * delta, largest = std::max(largest, std::abs(delta) / a[k]);
            }
            if (t.empty()) continue;
            if (d == weight_perturbation::uniform) {
                CHECK(largest <= 1);
                CHECK(largest > 0.5);
            } else CHECK(std::sqrt(norm) == Approx(a[k - 1]).epsilon(1e-9));
        }
        CHECK(w.flat() == x);  // lr 0: w put back exactly
    }
}

TEST_CASE("perturb_weights with a line search: its trials see the step's δ", "[modules][perturb_weights]") {
    tzero_test::tensor_list<double> w({{200}, {0}});
    w.fill_normal(2);
    tzero_test::recording_quartic f{quartic{w}};
    vec const x = w.flat(), a = scales(w, 0.1, true, "mad");
    optimizer opt(perturb_weights() | backtracking{.init = 50}, w.views());  // 50 overshoots: trials
    opt.step(f);
    REQUIRE(f.points.size() > 2);
    vec d(x.size());
    quartic::value(f.points[0], &d);  // the direction: the gradient at w + δ
    vec delta(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) delta[i] = f.points[0][i] - x[i];
    for (std::size_t k = 1; k < f.points.size(); ++k) {
        // trial k at (w − t·d) + δ: one t for every element
        double const t = (x[0] + delta[0] - f.points[k][0]) / d[0];
        for (std::size_t i = 0; i < x.size(); ++i)
            REQUIRE(f.points[k][i] == Approx(x[i] - t * d[i] + delta[i]).epsilon(1e-10).margin(1e-12));
    }
}

TEST_CASE("perturb_weights: a seed repeats its run, a throw is undone, validation",
          "[modules][perturb_weights][errors]") {
    auto const run = [](std::uint64_t seed) {
        tzero_test::tensor_list<double> w({{33}, {4, 4}});
        w.fill_normal(8);
        quartic f{w};
        optimizer opt(perturb_weights{.seed = seed} | adam() | lr(0.1), w.views());
        for (int t = 0; t < 3; ++t) opt.step(f);
        return w.flat();
    };
    CHECK(run(3) == run(3));
    CHECK(run(3) != run(4));

    tzero_test::tensor_list<double> w({{5}, {0}});
    w.fill_normal(1);
    quartic f{w};
    optimizer opt(perturb_weights() | lr(0.1), w.views());
    vec const x = w.flat();
    f.throw_at = 0;
    CHECK_THROWS_WITH(opt.step(f), Contains("tzero: perturb_weights: the closure threw at evaluation 1 of the step "
                                            "1's gradient estimate (parameters and state are as before the step)"));
    CHECK(w.flat() == x);
    CHECK_THROWS_WITH(validate(perturb_weights{.alpha = INFINITY}),
                      Contains("tzero: perturb_weights: alpha must be finite"));
    CHECK_THROWS_WITH(validate(perturb_weights{.metric = "median"}),
                      Contains("tzero: perturb_weights: metric must be"));
    CHECK(describe(perturb_weights()) ==
          "perturb_weights(alpha=0.1, relative=true, distribution=normal, metric=mad, seed=0)");
}

TEST_CASE("perturb_weights and weight_dropout in float: f = Σx²/2 steps toward 0", "[modules][perturb_weights]") {
    tzero_test::tensor_list<float> w({{40}, {3, 3}});
    w.fill_normal(4);
    auto const sum_of_squares = [&](std::span<tensor_view<float> const> grads) {
        double f = 0;
        for (auto const& t : w.values)
            for (float x : t) f += 0.5 * double(x) * double(x);
        for (std::size_t t = 0; t < grads.size(); ++t)
            for (std::size_t i = 0; i < grads[t].size(); ++i) grads[t].data[i] = w.values[t][i];
        return f;
    };
    auto const norm = [&] {
        double s = 0;
        for (auto const& t : w.values)
            for (float x : t) s += double(x) * double(x);
        return s;
    };
    double const before = norm();
    optimizer a(perturb_weights{.distribution = weight_perturbation::sphere} | lr(0.1f), w.views());
    optimizer b(weight_dropout{.p = 0.2} | lr(0.1f), w.views());
    for (int t = 0; t < 5; ++t) a.step(sum_of_squares), b.step(sum_of_squares);
    CHECK(norm() < 0.5 * before);
}
