// adaptive_heavy_ball: the step size and momentum from the loss given to step(grads, loss) and
// f_star, the emulated CUDA kernel bodies and checkpoints.
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

static_assert(reduce_module<adaptive_heavy_ball> && uses_loss_v<adaptive_heavy_ball>);
static_assert(plan_of<adaptive_heavy_ball>::passes == 2 && plan_of<adaptive_heavy_ball>::uses_loss);
static_assert(plan_of<adaptive_heavy_ball>::state_slots == 2 && plan_of<adaptive_heavy_ball>::reduce_slots == 1);

using loss_test::make;
using loss_test::run_with_loss;

TEMPLATE_TEST_CASE("adaptive_heavy_ball: 2(f - f_star)/u·u then the momentum m", "[modules][adaptive_heavy_ball]",
                   float, double) {
    using T = TestType;
    auto h = make<T>(adaptive_heavy_ball());
    CHECK(h.step({T(2), T(-4)}, 5) == std::vector<T>{T(1), T(-2)});  // u·u = 20: h = 10/20; p = {0, 4}
    // u = {1, 1}, f = 2: u·u = 2, u·u_prev = -2, m = 4/(5·2 + 2·(-2)) = 2/3, h = 2;
    // (1 + m)·h·u - m·(p - p_prev) = 10/3·{1, 1} - 2/3·{-1, 2}
    auto const u = h.step({T(1), T(1)}, 2);
    CHECK(u[0] == Approx(4));
    CHECK(u[1] == Approx(2));
    CHECK(h.opt.reduce_state(0)[0] == 2);        // f_prev
    auto const same = h.step({T(3), T(-1)}, 0);  // f = f_star: u as it is
    CHECK(same[0] == Approx(3));
    CHECK(same[1] == Approx(-1));
    auto f = make<T>(adaptive_heavy_ball{.f_star = 1});
    CHECK(f.step({T(2), T(-4)}, 5)[0] == Approx(0.8));  // 2·4/20
}

TEST_CASE("adaptive_heavy_ball: the emulated CUDA kernel bodies match the CPU, and checkpoints keep f_prev",
          "[modules][adaptive_heavy_ball][checkpoint]") {
    loss_test::check_backends_and_checkpoint<double>(adaptive_heavy_ball{.f_star = -0.5}, adaptive_heavy_ball(), 1e-10);
}

TEST_CASE("adaptive_heavy_ball: printing and validation", "[modules][adaptive_heavy_ball][errors]") {
    CHECK(describe(adaptive_heavy_ball()) == "adaptive_heavy_ball(f_star=0)");
    CHECK_THROWS_WITH(adaptive_heavy_ball{.f_star = NAN}.validate(),
                      Contains("tzero: adaptive_heavy_ball: f_star must be a finite number"));
}
