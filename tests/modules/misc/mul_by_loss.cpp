// mul_by_loss and div_by_loss: the update scaled by the loss given to step(grads, loss), on the
// CPU backend and through the emulated CUDA kernel bodies, and a bad loss refused or skipped.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include <tzero/backends/cuda/emulate.hpp>
#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(elementwise_module<mul_by_loss> && elementwise_module<div_by_loss>);
static_assert(uses_loss_v<mul_by_loss> && !uses_loss_v<adam>);
static_assert(plan_of<decltype(adam() | div_by_loss{} | lr(0.1))>::uses_loss);
static_assert(plan_of<decltype(adam() | div_by_loss{} | lr(0.1))>::passes == 1);

namespace {
/// One step of `c` from parameters 0 on gradient `g` with `loss`: the update.
template <class T, class C>
std::vector<T> update(C const& c, std::vector<T> const& g, double loss, optimizer_options o = {}) {
    std::vector<T> p(g.size(), T(0));
    tensor_view<T> pv(p.data(), {p.size()});
    tensor_view<T const> gv(g.data(), {g.size()});
    optimizer opt{c, std::vector{pv}, o};
    opt.step(std::span(&gv, 1), loss);
    for (T& x : p) x = -x;
    return p;
}
}  // namespace

TEMPLATE_TEST_CASE("mul_by_loss and div_by_loss: u times or over max(alpha·f and min_value) - fill_loss: alpha·f",
                   "[modules][mul_by_loss][div_by_loss]", float, double) {
    using T = TestType;
    std::vector<T> const g(37, T(3));  // SIMD batches and a scalar tail
    for (T x : update<T>(mul_by_loss{}, g, 2.0)) CHECK(x == T(6));
    for (T x : update<T>(mul_by_loss{.alpha = 0.5}, g, 2.0)) CHECK(x == T(3));
    for (T x : update<T>(mul_by_loss{.min_value = 4}, g, 2.0)) CHECK(x == T(12));  // floored at 4
    for (T x : update<T>(div_by_loss{}, g, 2.0)) CHECK(x == T(1.5));
    for (T x : update<T>(div_by_loss{.alpha = 2, .min_value = 0.5}, g, 0.125)) CHECK(x == T(6));  // 3 / 0.5
    for (T x : update<T>(div_by_loss{}, g, 0.0)) CHECK(x == Approx(3e16));    // the default floor 1e-16
    for (T x : update<T>(mul_by_loss{}, g, -1.0)) CHECK(x == Approx(3e-16));  // a negative loss is floored too
    for (T x : update<T>(fill_loss{.alpha = 0.5}, g, 3.0)) CHECK(x == T(1.5));
    CHECK(describe(fill_loss{}) == "fill_loss(alpha=1)");
    CHECK_THROWS_WITH(fill_loss{.alpha = INFINITY}.validate(),
                      Contains("tzero: fill_loss: alpha must be a finite number"));
}

TEST_CASE("mul_by_loss: the loss reaches the emulated CUDA kernel bodies", "[modules][mul_by_loss]") {
    tzero_test::tensor_list<float> p({{5, 7}, {3}}), q({{5, 7}, {3}}), g({{5, 7}, {3}});
    p.fill_normal(3);
    q.values = p.values;
    auto const c = adam() | mul_by_loss{.alpha = 0.5} | lr(0.1);
    optimizer cpu{c, p.views()};
    cuda::emulated_optimizer gpu(c, q.views(), 16, cuda::launch_shape{2, 8});
    for (int t = 1; t <= 4; ++t) {
        g.fill_normal(unsigned(t));
        cpu.step(g.const_views(), 3.0 / t);
        gpu.step(g.const_views(), 3.0 / t);
    }
    for (std::size_t i = 0; i < p.values.size(); ++i)
        for (std::size_t j = 0; j < p.values[i].size(); ++j)
            CHECK(q.values[i][j] == Approx(p.values[i][j]).epsilon(1e-6));
}

TEMPLATE_TEST_CASE("mul_by_loss: a NaN or infinite loss follows the on_nonfinite policy, nothing changes",
                   "[modules][mul_by_loss][errors]", float, double) {
    using T = TestType;
    double const nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    std::vector<T> p = {T(1), T(2)}, g = {T(1), T(1)};
    tensor_view<T> pv(p.data(), {2});
    tensor_view<T const> gv(g.data(), {2});
    optimizer raise{adam() | mul_by_loss{} | lr(0.1), std::vector{pv},
                    optimizer_options{.on_nonfinite = nonfinite::raise}};
    CHECK_THROWS_WITH(raise.step(std::span(&gv, 1), nan), Contains("tzero: the loss is nan (nothing was changed"));
    CHECK_THROWS_AS(raise.step(std::span(&gv, 1), inf), error);
    CHECK(raise.steps() == 0);
    CHECK(p == std::vector<T>{T(1), T(2)});
    optimizer skip{adam() | mul_by_loss{} | lr(0.1), std::vector{pv},
                   optimizer_options{.on_nonfinite = nonfinite::skip}};
    CHECK_FALSE(skip.step(std::span(&gv, 1), -inf));
    CHECK(skip.skipped_steps() == 1);
    CHECK(skip.steps() == 0);
    CHECK(p == std::vector<T>{T(1), T(2)});
    optimizer zero{adam() | mul_by_loss{} | lr(0.1), std::vector{pv},
                   optimizer_options{.on_nonfinite = nonfinite::zero}};
    CHECK_THROWS_AS(zero.step(std::span(&gv, 1), nan), error);  // a loss cannot be read as zero
    CHECK(p == std::vector<T>{T(1), T(2)});
    // propagate (the default) computes with it, as torchzero: NaN reaches the parameters
    optimizer propagate{mul_by_loss{} | lr(0.1), std::vector{pv}};
    CHECK(propagate.step(std::span(&gv, 1), nan));
    CHECK(std::isnan(p[0]));
    // a chain that does not read the loss ignores it
    p = {T(1), T(2)};
    optimizer plain{lr(0.5), std::vector{pv}};
    CHECK(plain.step(std::span(&gv, 1), nan));
    CHECK(p == std::vector<T>{T(0.5), T(1.5)});
}

TEST_CASE("mul_by_loss and div_by_loss: printing and validation", "[modules][mul_by_loss][div_by_loss][errors]") {
    mul_by_loss m{.alpha = 2};
    CHECK(describe(m) == "mul_by_loss(alpha=2, min_value=1e-16)");
    CHECK(describe(div_by_loss{}) == "div_by_loss(alpha=1, min_value=1e-16)");
    m.alpha = std::nan("");
    CHECK_THROWS_WITH(m.validate(), Contains("tzero: mul_by_loss: alpha must be a finite number"));
    div_by_loss d{.min_value = std::nan("")};
    CHECK_THROWS_WITH(d.validate(), Contains("tzero: div_by_loss: min_value must be a number"));
}
