#include <catch2/catch.hpp>

#include <cmath>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(reduce_module<decltype(gram_schmidt(heavy_ball()))>);
static_assert(plan_of<decltype(adam() | gram_schmidt(heavy_ball()) | lr(0.1))>::passes == 2);

namespace {
template <class T, class M>
tzero_test::tensor_list<T> one_step(M const& m) {
    tzero_test::tensor_list<T> p{{{3}, {2}}}, g{{{3}, {2}}};
    p.values = {{T(0), T(0), T(0)}, {T(0), T(0)}};
    g.values = {{T(1), T(2), T(3)}, {T(4), T(-1)}};
    optimizer opt(m, p.views());
    opt.step(g.const_views());
    return p;
}
}  // namespace

TEMPLATE_TEST_CASE("gram_schmidt: u without its component along other(u)", "[modules][gram_schmidt]", float, double) {
    using T = TestType;
    // o = sign(u) + 1 = (2, 2, 2 | 2, 0); per tensor: c₀ = 12/12 = 1, c₁ = 8/4 = 2
    auto const p = one_step<T>(gram_schmidt(sign() | add(1.0)));
    CHECK(p.values[0] == std::vector<T>{T(1), T(0), T(-1)});  // −(u − o)
    CHECK(p.values[1] == std::vector<T>{T(0), T(1)});
    // global: c = 20/16 = 1.25
    auto const q = one_step<T>(gram_schmidt(sign() | add(1.0), global));
    CHECK(q.values[0][0] == Approx(1.5));
    CHECK(q.values[0][2] == Approx(-0.5));
    CHECK(q.values[1][0] == Approx(-1.5));
    CHECK(q.values[1][1] == Approx(1));
}

TEMPLATE_TEST_CASE("gram_schmidt: the result is orthogonal to o, and o = 0 leaves u alone", "[modules][gram_schmidt]",
                   float, double) {
    using T = TestType;
    auto const p = one_step<T>(gram_schmidt(tzero::exp()));
    for (std::size_t t = 0; t < 2; ++t) {
        double dot = 0;
        std::vector<double> const u0 = t == 0 ? std::vector<double>{1, 2, 3} : std::vector<double>{4, -1};
        for (std::size_t i = 0; i < u0.size(); ++i) dot += -double(p.values[t][i]) * std::exp(u0[i]);
        CHECK(std::abs(dot) < (sizeof(T) == 4 ? 1e-3 : 1e-10));
    }
    auto const z = one_step<T>(gram_schmidt(zeros()));
    CHECK(z.values[0] == std::vector<T>{T(-1), T(-2), T(-3)});
}

TEMPLATE_TEST_CASE("gram_schmidt: other's state steps once a step", "[modules][gram_schmidt]", float, double) {
    using T = TestType;
    auto const m = gram_schmidt(accumulate_sum());
    STATIC_REQUIRE(decltype(m)::state_slots == 1);
    tzero_test::harness<T, decltype(m)> h(m, {T(0), T(0)});
    // o = the running sum: step 1 o = u (u − u = 0), step 2 o = (1, 2) + (1, 0) = (2, 2): c = 2/8
    auto const u1 = h.step({T(1), T(2)});
    CHECK(u1[0] == Approx(0).margin(1e-6));
    auto const u2 = h.step({T(1), T(0)});
    CHECK(u2[0] == Approx(0.5));
    CHECK(u2[1] == Approx(-0.5));
}

TEST_CASE("gram_schmidt: printing and validation", "[modules][gram_schmidt][errors]") {
    auto m = gram_schmidt(ema(), global);
    CHECK(describe(m) ==
          "gram_schmidt(other=[ema(momentum=0.9, dampening=0, debias=false, lerp=true, init=zeros)], "
          "scope=global)");
    m.other.chain.template get<0>().momentum = 2;
    CHECK_THROWS_AS(validate(m), error);
    CHECK(gram_schmidt(ema()).finalize(reduction<2>{{3, 0}, 1, nullptr, 1}) > 1e37);  // ⟨o, o⟩ floored
}
