// bold_driver: a step size that grows while the loss given to step(grads, loss) falls, its reset
// and fallback, the emulated CUDA kernel bodies and checkpoints.
#include <catch2/catch.hpp>

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

static_assert(reduce_module<bold_driver> && uses_loss_v<bold_driver>);
static_assert(plan_of<bold_driver>::passes == 2 && plan_of<bold_driver>::uses_loss);
static_assert(plan_of<bold_driver>::reduce_slots == 3 && plan_of<bold_driver>::state_slots == 0);
static_assert(plan_of<bold_driver>::max_terms == 2 && plan_of<bold_driver>::maxima_of_pass(0) == 1);  // max|u|

using loss_test::make;
using loss_test::run_with_loss;

TEMPLATE_TEST_CASE("bold_driver: times nplus when the loss fell and nminus when it did not", "[modules][bold_driver]",
                   float, double) {
    using T = TestType;
    auto h = make<T>(bold_driver{.a_init = 0.5, .nplus = 2, .nminus = 0.25}, {T(0), T(0)});
    CHECK(h.step({T(2), T(-4)}, 5) == std::vector<T>{T(1), T(-2)});  // the first step: a_init
    CHECK(h.step({T(1), T(0)}, 3)[0] == Approx(1));                  // fell: 0.5·2
    CHECK(h.step({T(1), T(0)}, 3)[0] == Approx(0.25));               // did not fall: 1·0.25
    CHECK(h.step({T(1), T(0)}, 4)[0] == Approx(0.0625));
    CHECK(h.opt.reduce_state(0)[0] == 0.0625);  // alpha
    CHECK(h.opt.reduce_state(0)[1] == 4);       // f_prev
    auto d = make<T>(bold_driver(), {T(0), T(0)});
    CHECK(d.step({T(1), T(0)}, 5)[0] == Approx(1e-3));
    CHECK(d.step({T(1), T(0)}, 4)[0] == Approx(1.1e-3));
}

TEMPLATE_TEST_CASE("bold_driver: a step size that is not acceptable falls back on epsilon_step_size and starts over",
                   "[modules][bold_driver]", float, double) {
    using T = TestType;
    auto h = make<T>(bold_driver{.a_init = 1e-3, .nminus = 1e-36}, {T(0), T(0)});
    CHECK(h.step({T(1), T(0)}, 5)[0] == Approx(1e-3));
    // 1e-39 is below float's 2·tiny: float falls back on 1e-7 (max|u| >= 1) and forgets f_prev
    bool const is_float = sizeof(T) == 4;
    auto const u = h.step({T(1), T(0)}, 6)[0];
    if (is_float) CHECK(u == Approx(1e-7).epsilon(1e-3));  // p is -1e-3: float resolves the step to ~1e-10
    CHECK(h.opt.reduce_state(0)[0] == (is_float ? 1e-3 : 1e-3 * 1e-36));
    CHECK(h.opt.reduce_state(0)[2] == (is_float ? 0 : 1));
    h.step({T(1), T(0)}, 5);
    CHECK(h.opt.reduce_state(0)[0] == Approx(is_float ? 1e-3 : 1.1e-39));  // float starts over from a_init
    CHECK(h.opt.reduce_state(0)[1] == 5);
    // max|u| < 1e-7: the fallback is 1
    auto z = make<T>(bold_driver{.a_init = 0}, {T(0), T(0)});
    CHECK(z.step({T(1e-8), T(0)}, 1)[0] == Approx(1e-8));
    CHECK(z.opt.reduce_state(0)[2] == 0);  // reset: not started
    // max|u| = 0.5 in (1e-7, 1): 1e-7 / 0.5
    auto w = make<T>(bold_driver{.a_init = 0}, {T(0), T(0)});
    CHECK(w.step({T(0.5), T(-0.25)}, 1)[0] == Approx(0.5 * 2e-7));
    CHECK(w.step({T(0.25), T(-0.5)}, 1)[1] == Approx(-0.5 * 2e-7));
}

TEST_CASE("bold_driver: finalize's fallback reads max|u|, the last term", "[modules][bold_driver]") {
    // terms: the element size (8: double), max|u|; state: α, f_prev, started
    auto const m = bold_driver{.a_init = 0};
    auto const at = [&](double max_abs) {
        double state[3] = {0, 0, 0};
        return m.finalize(reduction<2, 3>{{8 * 3, max_abs}, 3, state, 1, 1.0});
    };
    CHECK(at(0.5) == 2e-7);
    CHECK(at(0.8) == 1e-7 / 0.8);
    CHECK(at(1) == 1e-7);
    CHECK(at(1e-8) == 1);
    CHECK(at(NAN) == 1e-7);
    CHECK(at(-INFINITY) == 1);  // no elements
    double state[3] = {0, 0, 0};
    CHECK(bold_driver().finalize(reduction<2, 3>{{8, 0.5}, 1, state, 1, 1.0}) == 1e-3);  // acceptable: a_init
}

TEST_CASE("bold_driver: the emulated CUDA kernel bodies match the CPU, and checkpoints keep alpha and f_prev",
          "[modules][bold_driver][checkpoint]") {
    loss_test::check_backends_and_checkpoint<float>(adam() | bold_driver{.a_init = 0.1, .nplus = 1.2, .nminus = 0.5},
                                                    adam() | bold_driver(), 1e-5);
}

TEST_CASE("bold_driver: printing and validation", "[modules][bold_driver][errors]") {
    CHECK(describe(bold_driver()) == "bold_driver(a_init=0.001, nplus=1.1, nminus=0.1)");
    CHECK_THROWS_WITH(bold_driver{.a_init = NAN}.validate(),
                      Contains("tzero: bold_driver: a_init must be a finite number"));
    CHECK_THROWS_WITH(bold_driver{.nplus = INFINITY}.validate(),
                      Contains("tzero: bold_driver: nplus must be a finite number"));
    CHECK_THROWS_WITH(bold_driver{.nminus = NAN}.validate(),
                      Contains("tzero: bold_driver: nminus must be a finite number"));
}

TEMPLATE_TEST_CASE("bold_driver: inner scales the chain's output", "[modules][bold_driver]", float, double) {
    using T = TestType;
    auto h = loss_test::make<T>(bold_driver{.a_init = 0.5}.with_inner(mul(2.0)));
    CHECK(h.step({T(2), T(-4)}, 5) == std::vector<T>{T(2), T(-4)});  // α = a_init
    auto const second = h.step({T(1), T(0)}, 4);                     // the loss fell: α = 0.5·1.1
    CHECK(second[0] == Approx(1.1));
    CHECK(second[1] == 0);
    // a_init = 0 is not acceptable: the fallback from max|inner(u)| = 0.5 (not max|u| = 1)
    auto f = loss_test::make<T>(bold_driver{.a_init = 0}.with_inner(mul(0.5)), {T(0), T(0)});
    auto const out = f.step({T(1), T(-0.5)}, 1);
    CHECK(out[0] == Approx(1e-7));
    CHECK(out[1] == Approx(-5e-8));
    // a stateful inner chain steps once a step: ema = {1, -2}, then {1, -1}
    auto e = loss_test::make<T>(bold_driver{.a_init = 0.5}.with_inner(ema(0.5)));
    CHECK(e.step({T(2), T(-4)}, 5) == std::vector<T>{T(0.5), T(-1)});
    auto const next = e.step({T(1), T(0)}, 4);
    CHECK(next[0] == Approx(0.55));
    CHECK(next[1] == Approx(-0.55));
}

TEST_CASE("bold_driver: an inner chain prints, validates and keeps its state on both backends",
          "[modules][bold_driver][errors]") {
    CHECK(describe(bold_driver().with_inner(sign())) ==
          "bold_driver(a_init=0.001, nplus=1.1, nminus=0.1, inner=[sign()])");
    CHECK_THROWS_WITH(validate(bold_driver().with_inner(ema(2.0))), Catch::Contains("ema"));
    loss_test::check_backends_and_checkpoint<float>(bold_driver{.a_init = 0.01}.with_inner(adam()),
                                                    bold_driver().with_inner(adam()), 1e-5);
}
