// polyak_step_size: (f − f*)/uᵀg from the loss given to step(grads, loss), f* known or estimated
// from the best loss, the fallback, the emulated CUDA kernel bodies and checkpoints.
#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include <tzero/backends/cuda/emulate.hpp>
#include <tzero/checkpoint.hpp>
#include <tzero/tzero.hpp>

#include "modules/loss_support.hpp"
#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(reduce_module<polyak_step_size> && uses_loss_v<polyak_step_size>);
static_assert(plan_of<polyak_step_size>::passes == 2 && plan_of<polyak_step_size>::uses_loss);
static_assert(plan_of<polyak_step_size>::reduce_slots == 2 && plan_of<polyak_step_size>::max_terms == 3);
static_assert(plan_of<polyak_step_size>::maxima_of_pass(0) == 1);  // max|u|

using loss_test::make;
using loss_test::run_with_loss;

TEMPLATE_TEST_CASE("polyak_step_size: (f - f_star) over u·g with max and alpha", "[modules][polyak_step_size]", float,
                   double) {
    using T = TestType;
    auto h = make<T>(polyak_step_size());
    CHECK(h.step({T(2), T(-4)}, 5) == std::vector<T>{T(0.5), T(-1)});  // u·g = 20: a = 5/20
    CHECK(h.step({T(1), T(0)}, 2) == std::vector<T>{T(2), T(0)});      // u·g = 1: a = 2
    auto m = make<T>(polyak_step_size{.max = 1});
    m.step({T(2), T(-4)}, 5);
    CHECK(m.step({T(1), T(0)}, 2) == std::vector<T>{T(1), T(0)});  // a = 2 clipped to 1
    auto a = make<T>(polyak_step_size{.alpha = 0.5});
    CHECK(a.step({T(2), T(-4)}, 5) == std::vector<T>{T(0.25), T(-0.5)});
    auto f = make<T>(polyak_step_size{.f_star = 1});
    CHECK(f.step({T(2), T(-4)}, 5)[1] == Approx(-0.8));  // (5 - 1)/20
}

TEMPLATE_TEST_CASE("polyak_step_size: use_grad=false takes u·u", "[modules][polyak_step_size]", float, double) {
    using T = TestType;
    auto u = make<T>(mul(2.0) | polyak_step_size{.use_grad = false});
    CHECK(u.step({T(2), T(-4)}, 5) == std::vector<T>{T(0.25), T(-0.5)});  // u = {4, -8}: u·u = 80
    auto g = make<T>(mul(2.0) | polyak_step_size());
    CHECK(g.step({T(2), T(-4)}, 5) == std::vector<T>{T(0.5), T(-1)});  // u·g = 40
}

TEMPLATE_TEST_CASE("polyak_step_size: f_star NaN estimates it from the best loss and a decaying margin",
                   "[modules][polyak_step_size]", float, double) {
    using T = TestType;
    auto h = make<T>(polyak_step_size{.f_star = NAN, .y = 1, .y_decay = 0.5});
    CHECK(h.step({T(2), T(-4)}, 5)[0] == Approx(0.1));   // f* = 5 - 1: a = 1/20
    CHECK(h.step({T(1), T(0)}, 6)[0] == Approx(1.5));    // not better: f* = 5 - 0.5
    CHECK(h.step({T(0), T(2)}, 3)[1] == Approx(0.125));  // f_best = 3, f* = 2.75: a = 0.25/4
    CHECK(h.opt.reduce_state(0)[0] == 3);                // f_best
    CHECK(h.opt.reduce_state(0)[1] == 0.125);            // y_val after three decays
}

TEMPLATE_TEST_CASE("polyak_step_size: a step size that is not acceptable falls back on epsilon_step_size",
                   "[modules][polyak_step_size]", float, double) {
    using T = TestType;
    auto h = make<T>(polyak_step_size{.alpha = 2}, {T(0), T(0)});
    CHECK(h.step({T(2), T(-4)}, 0)[1] == Approx(-8e-7));           // a = 0: 1e-7 (max|u| >= 1), times alpha
    CHECK(h.step({T(2), T(-4)}, -1)[1] == Approx(-8e-7));          // a < 0
    CHECK(h.step({T(0), T(0)}, 5) == std::vector<T>{T(0), T(0)});  // u·g = 0: converged, and u = 0
    // 1e-39 is below float's 2·tiny but a fine double
    auto t = make<T>(polyak_step_size(), {T(0), T(0)});
    CHECK(t.step({T(1), T(0)}, 1e-39)[0] == Approx(sizeof(T) == 4 ? 1e-7 : 1e-39));
    // max|u| = 0.5 in (1e-7, 1): 1e-7 / 0.5, times alpha
    auto s = make<T>(polyak_step_size{.alpha = 2}, {T(0), T(0)});
    CHECK(s.step({T(0.5), T(-0.25)}, 0)[0] == Approx(0.5 * 4e-7));
    CHECK(s.step({T(0.5), T(-0.25)}, 0)[1] == Approx(-0.25 * 4e-7));
}

TEST_CASE("polyak_step_size: finalize's fallback reads max|u|, the last term", "[modules][polyak_step_size]") {
    // terms: u·g, the element size (8: double), max|u|; state: f_best, y_val
    auto const m = polyak_step_size();
    auto const at = [&](double gg, double max_abs, double loss) {
        double state[2] = {0, 0};
        return m.finalize(reduction<3, 2>{{gg, 8 * 2, max_abs}, 2, state, 1, loss});
    };
    CHECK(at(4, 0.5, 2) == 0.5);          // acceptable: (2 − 0)/4
    CHECK(at(4, 0.5, 0) == 2e-7);         // a = 0: 1e-7 / max|u|
    CHECK(at(4, 0.8, -1) == 1e-7 / 0.8);  // a < 0
    CHECK(at(4, 3, 0) == 1e-7);           // max|u| >= 1
    CHECK(at(0, 1e-9, 1) == 1);           // u = 0 (gg = 0): max|u| < 1e-7 gives 1
    CHECK(at(NAN, NAN, 1) == 1e-7);       // a NaN update: alpha_0, as torchzero's comparisons
    std::array<double, 2> state{};
    CHECK(polyak_step_size{.alpha = 3}.finalize(reduction<3, 2>{{4, 16, 0.5}, 2, state.data(), 1, 0}) == 6e-7);
}

TEST_CASE("polyak_step_size: the emulated CUDA kernel bodies match the CPU, and checkpoints keep f_best and y_val",
          "[modules][polyak_step_size][checkpoint]") {
    loss_test::check_backends_and_checkpoint<float>(adam() | polyak_step_size{.f_star = NAN, .y_decay = 0.1, .max = 2},
                                                    adam() | polyak_step_size(), 1e-5);
}

TEST_CASE("polyak_step_size: printing and validation", "[modules][polyak_step_size][errors]") {
    CHECK(describe(polyak_step_size()) ==
          "polyak_step_size(f_star=0, y=1, y_decay=0.001, max=inf, use_grad=true, alpha=1)");
    CHECK_NOTHROW(polyak_step_size{.f_star = NAN}.validate());
    CHECK_THROWS_WITH(polyak_step_size{.f_star = INFINITY}.validate(),
                      Contains("tzero: polyak_step_size: f_star must be a finite number or NaN"));
    CHECK_THROWS_WITH(polyak_step_size{.y = NAN}.validate(),
                      Contains("tzero: polyak_step_size: y must be a finite number"));
    CHECK_THROWS_WITH(polyak_step_size{.y_decay = INFINITY}.validate(),
                      Contains("tzero: polyak_step_size: y_decay must be a finite number"));
    CHECK_THROWS_WITH(polyak_step_size{.max = 0}.validate(), Contains("tzero: polyak_step_size: max must be > 0"));
    CHECK_THROWS_WITH(polyak_step_size{.max = NAN}.validate(), Contains("tzero: polyak_step_size: max must be > 0"));
    CHECK_THROWS_WITH(polyak_step_size{.alpha = NAN}.validate(),
                      Contains("tzero: polyak_step_size: alpha must be a finite number"));
}

TEMPLATE_TEST_CASE("polyak_step_size: inner scales the chain's output by the step size from the update entering it",
                   "[modules][polyak_step_size]", float, double) {
    using T = TestType;
    // gg = u·g = 20 of the update entering the module (not of inner(u) = 2u): a = 5/20
    auto h = loss_test::make<T>(polyak_step_size().with_inner(mul(2.0)));
    CHECK(h.step({T(2), T(-4)}, 5) == std::vector<T>{T(1), T(-2)});
    // a = 0: the fallback from max|inner(u)| = 0.5 (not max|u| = 1): 1e-7 / 0.5
    auto f = loss_test::make<T>(polyak_step_size().with_inner(mul(0.5)), {T(0), T(0)});
    auto const out = f.step({T(1), T(-0.5)}, 0);
    CHECK(out[0] == Approx(1e-7));
    CHECK(out[1] == Approx(-5e-8));
    // a stateful inner chain steps once a step: ema = {1, -2}, then {1, -1}
    auto e = loss_test::make<T>(polyak_step_size().with_inner(ema(0.5)));
    CHECK(e.step({T(2), T(-4)}, 5) == std::vector<T>{T(0.25), T(-0.5)});  // a = 5/20
    CHECK(e.step({T(1), T(0)}, 2) == std::vector<T>{T(2), T(-2)});        // a = 2/1
}

TEST_CASE("polyak_step_size: an inner chain prints, validates and keeps its state on both backends",
          "[modules][polyak_step_size][errors]") {
    static_assert(plan_of<decltype(polyak_step_size().with_inner(ema(0.5)))>::state_slots == 1);
    CHECK(describe(polyak_step_size{.alpha = 2}.with_inner(sign())) ==
          "polyak_step_size(f_star=0, y=1, y_decay=0.001, max=inf, use_grad=true, alpha=2, inner=[sign()])");
    CHECK_THROWS_WITH(validate(polyak_step_size().with_inner(ema(2.0))), Catch::Contains("ema"));
    loss_test::check_backends_and_checkpoint<float>(polyak_step_size{.f_star = NAN}.with_inner(adam()),
                                                    polyak_step_size().with_inner(adam()), 1e-5);
}
