// weight_dropout: each evaluation sees w ⊙ m (every element w or 0, about a fraction p zeroed),
// the same mask for every evaluation of a step (a line search's trials too) and a new one each
// step; the step is the gradient at w ⊙ m, written out; p = 0 is the plain step, p = 1 zeroes
// every weight; the weights put back exactly; the same seed the same run; a throw undone;
// validation. torchzero draws its masks from torch's generator, so there is no reference case.
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

static_assert(gradient_approximator<weight_dropout> && reshapes_loss_v<weight_dropout>);

namespace {
using vec = std::vector<double>;
}  // namespace

TEST_CASE("weight_dropout: every evaluation at w ⊙ m, one mask a step; the step is ∇f(w ⊙ m)",
          "[modules][weight_dropout]") {
    tzero_test::tensor_list<double> w({{40, 25}, {0}, {7}, {1000}});
    w.fill_normal(5);
    tzero_test::recording_quartic f{quartic{w}};
    optimizer opt(weight_dropout{.p = 0.3, .seed = 9} | lr(0.01), w.views(),
                  optimizer_options{.chunk_size = 64, .parallel_threshold = 0});
    std::vector<bool> previous_mask;
    for (int t = 0; t < 3; ++t) {
        INFO("step " << t + 1);
        vec const x = w.flat();
        f.points.clear();
        double const loss = opt.step(f);
        REQUIRE(f.points.size() == 1);
        vec const& seen = f.points[0];
        std::vector<bool> mask(x.size());
        std::size_t zeroed = 0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            REQUIRE((seen[i] == x[i] || seen[i] == 0));
            mask[i] = seen[i] == x[i];
            zeroed += !mask[i];
        }
        CHECK(std::abs(double(zeroed) / double(x.size()) - 0.3) < 0.03);  // 2007 draws: 3σ ≈ 0.03
        CHECK(mask != previous_mask);
        previous_mask = mask;
        vec g(x.size());
        CHECK(loss == quartic::value(seen, &g));
        vec const now = w.flat();
        for (std::size_t i = 0; i < x.size(); ++i) REQUIRE(now[i] == x[i] - 0.01 * g[i]);
    }
}

TEST_CASE("weight_dropout with a line search: its trials see the step's mask", "[modules][weight_dropout]") {
    tzero_test::tensor_list<double> w({{300}, {0}});
    w.fill_normal(2);
    tzero_test::recording_quartic f{quartic{w}};
    optimizer opt(weight_dropout{.p = 0.5} | backtracking{.init = 50}, w.views());  // 50 overshoots: trials
    opt.step(f);
    REQUIRE(f.points.size() > 2);
    for (std::size_t k = 1; k < f.points.size(); ++k)
        for (std::size_t i = 0; i < f.points[0].size(); ++i) REQUIRE((f.points[k][i] == 0) == (f.points[0][i] == 0));
}

TEST_CASE("weight_dropout: p = 0 is the plain step, p = 1 zeroes every weight, a seed repeats its run",
          "[modules][weight_dropout]") {
    auto const run = [](auto const& chain) {
        tzero_test::tensor_list<double> w({{33}, {4, 4}});
        w.fill_normal(8);
        tzero_test::recording_quartic f{quartic{w}};
        optimizer opt(chain, w.views());
        for (int t = 0; t < 3; ++t) opt.step(f);
        return std::pair{w.flat(), f.points};
    };
    CHECK(run(weight_dropout{.p = 0} | adam() | lr(0.1)).first == run(adam() | lr(0.1)).first);
    for (auto const& point : run(weight_dropout{.p = 1} | lr(0.1)).second)
        for (double x : point) REQUIRE(x == 0);
    CHECK(run(weight_dropout{.seed = 3} | lr(0.1)) == run(weight_dropout{.seed = 3} | lr(0.1)));
    CHECK(run(weight_dropout{.seed = 3} | lr(0.1)).first != run(weight_dropout{.seed = 4} | lr(0.1)).first);
}

TEST_CASE("weight_dropout: a closure that throws leaves the weights as before, validation",
          "[modules][weight_dropout][errors]") {
    tzero_test::tensor_list<double> w({{5}, {0}});
    w.fill_normal(1);
    quartic f{w};
    optimizer opt(weight_dropout() | lr(0.1), w.views());
    vec const x = w.flat();
    f.throw_at = 0;
    CHECK_THROWS_WITH(opt.step(f), Contains("tzero: weight_dropout: the closure threw at evaluation 1 of the step 1's "
                                            "gradient estimate (parameters and state are as before the step)"));
    CHECK(w.flat() == x);
    CHECK(opt.steps() == 0);
    CHECK_THROWS_WITH(validate(weight_dropout{.p = 1.5}), Contains("tzero: weight_dropout: p must be in [0, 1]"));
    CHECK(describe(weight_dropout()) == "weight_dropout(p=0.5, seed=0)");
}
