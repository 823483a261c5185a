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
    CHECK(h.opt.reduce_state(0)[0] == 2);  // f_prev
    auto const same = h.step({T(3), T(-1)}, 0);  // f = f_star: u as it is
    CHECK(same[0] == Approx(3));
    CHECK(same[1] == Approx(-1));
    auto f = make<T>(adaptive_heavy_ball{.f_star = 1});
    CHECK(f.step({T(2), T(-4)}, 5)[0] == Approx(0.8));  // 2·4/20
}

TEST_CASE("adaptive_heavy_ball: the emulated CUDA kernel bodies match the CPU, and checkpoints keep f_prev",
          "[modules][adaptive_heavy_ball][checkpoint]") {
    auto const c = adaptive_heavy_ball{.f_star = -0.5};
    tzero_test::tensor_list<double> p({{5, 7}, {3}}), q({{5, 7}, {3}});
    p.fill_normal(3);
    q.values = p.values;
    optimizer cpu{c, p.views()};
    cuda::emulated_optimizer gpu(c, q.views(), 16, cuda::launch_shape{2, 8});
    run_with_loss(cpu, p, 0, 5);
    run_with_loss(gpu, q, 0, 5);
    for (std::size_t i = 0; i < p.values.size(); ++i)
        for (std::size_t j = 0; j < p.values[i].size(); ++j) CHECK(q.values[i][j] == Approx(p.values[i][j]).epsilon(1e-10));

    tzero_test::tensor_list<double> a({{3, 5}, {7}});
    a.fill_normal(2);
    auto b = a;
    optimizer saved(c, a.views());
    run_with_loss(saved, a, 0, 3);
    optimizer restored(adaptive_heavy_ball(), b.views());
    from_checkpoint(restored, to_checkpoint(saved));
    CHECK(describe(restored.chain()) == describe(saved.chain()));
    CHECK(restored.reduce_state(0)[0] == saved.reduce_state(0)[0]);
    b.values = a.values;
    run_with_loss(saved, a, 3, 6);
    run_with_loss(restored, b, 3, 6);
    REQUIRE(b.values == a.values);
}

TEST_CASE("adaptive_heavy_ball: printing and validation", "[modules][adaptive_heavy_ball][errors]") {
    CHECK(describe(adaptive_heavy_ball()) == "adaptive_heavy_ball(f_star=0)");
    CHECK_THROWS_WITH(adaptive_heavy_ball{.f_star = NAN}.validate(),
                      Contains("tzero: adaptive_heavy_ball: f_star must be a finite number"));
}
