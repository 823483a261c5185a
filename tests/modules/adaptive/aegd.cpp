#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(elementwise_module<aegd> && uses_loss_v<aegd>);
static_assert(plan_of<decltype(heavy_ball() | aegd{})>::passes == 1);

TEMPLATE_TEST_CASE("aegd: the energy starts at the first loss and only shrinks", "[modules][aegd]", float, double) {
    using T = TestType;
    std::vector<T> p(19, T(0)), g(19, T(2));  // SIMD batches and a scalar tail
    tensor_view<T> pv(p.data(), {19});
    tensor_view<T const> gv(g.data(), {19});
    optimizer opt{aegd{.lr = 0.25, .c = 1}, std::vector{pv}};
    // f₀ = 3: r₀ = √4 = 2, v = 2 / (2·2) = 0.5, r = 2 / (1 + 0.5·0.25) = 16/9, u = 0.5·r·v = 4/9
    REQUIRE(opt.step(std::span(&gv, 1), 3.0));
    for (T x : p) CHECK(x == Approx(-4.0 / 9));
    CHECK(opt.state(0, 0)[0] == Approx(16.0 / 9));
    // f = 8: v = 2 / (2·3) = 1/3, r = (16/9) / (1 + 0.5/9) = 32/19, u = 0.5·r/3 = 16/57
    REQUIRE(opt.step(std::span(&gv, 1), 8.0));
    for (T x : p) CHECK(x == Approx(-4.0 / 9 - 16.0 / 57));
    CHECK(opt.state(0, 0)[18] == Approx(32.0 / 19));
}

TEST_CASE("aegd: a loss below −c gives NaN, as torchzero's square root", "[modules][aegd]") {
    auto const k = aegd{}.per_step(1, -2.0);
    CHECK(std::isnan(k.half_inv_root));
}

TEST_CASE("aegd: printing and validation", "[modules][aegd][errors]") {
    aegd m{.lr = 0.3, .c = 0.5};
    CHECK(describe(m) == "aegd(lr=0.3, c=0.5)");
    m.lr = -1;
    CHECK_THROWS_WITH(m.validate(), Contains("tzero: aegd: lr must be a finite number >= 0"));
    m.lr = 0.1;
    m.c = INFINITY;
    CHECK_THROWS_WITH(m.validate(), Contains("tzero: aegd: c must be a finite number"));
}
