#include <catch2/catch.hpp>

#include <cmath>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(reduce_module<scale_by_grad_cosine_similarity>);
static_assert(plan_of<decltype(adam() | scale_by_grad_cosine_similarity() | lr(0.1))>::passes == 2);
static_assert(reduce_terms_v<scale_by_grad_cosine_similarity> == 3);

TEMPLATE_TEST_CASE("scale_by_grad_cosine_similarity: u times cos(u, g) over all parameters",
                   "[modules][scale_by_grad_cosine_similarity]", float, double) {
    using T = TestType;
    tzero_test::tensor_list<T> p{{{2}, {1}}}, g{{{2}, {1}}};
    // u = p (lr(0) | weight_decay(1)) = (1, 2 | 2), g = (2, 0 | 1): u·g = 4, ‖u‖ = 3, ‖g‖ = √5
    p.values = {{T(1), T(2)}, {T(2)}};
    g.values = {{T(2), T(0)}, {T(1)}};
    optimizer opt(lr(0) | weight_decay(1) | scale_by_grad_cosine_similarity(), p.views());
    opt.step(g.const_views());
    double const c = 4 / (3 * std::sqrt(5.0));
    CHECK(p.values[0][0] == Approx(1 - c));
    CHECK(p.values[0][1] == Approx(2 - 2 * c));
    CHECK(p.values[1][0] == Approx(2 - 2 * c));
}

TEST_CASE("scale_by_grad_cosine_similarity: opposite negates, eps floors the norms' product",
          "[modules][scale_by_grad_cosine_similarity]") {
    scale_by_grad_cosine_similarity const m;
    CHECK(m.finalize(reduction<3>{{-4, 4, 4}, 2, nullptr, 1}) == Approx(-1));               // u = −g
    CHECK(m.finalize(reduction<3>{{0, 1, 1}, 2, nullptr, 1}) == 0);                         // at right angles
    CHECK(m.finalize(reduction<3>{{0, 0, 0}, 2, nullptr, 1}) == 0);                         // a zero update: 0 / eps
    CHECK(m.finalize(reduction<3>{{1e-14, 1e-14, 1e-14}, 2, nullptr, 1}) == Approx(1e-8));  // 1e-14 / eps
}

TEST_CASE("cosine_similarity: the three sums and their cosine (modules/detail/cosine_similarity.hpp)",
          "[modules][scale_by_grad_cosine_similarity]") {
    auto const t = detail::cosine_terms(3.0, -2.0);
    CHECK(t[0] == -6);
    CHECK(t[1] == 9);
    CHECK(t[2] == 4);
    double const parallel[3] = {8, 4, 16};  // y = 2x: cos 1
    CHECK(detail::cosine_of(parallel, 1e-6) == Approx(1));
    double const tiny[3] = {1e-20, 1e-10, 1e-10};  // ‖x‖·‖y‖ = 1e-10 < eps: divided by eps
    CHECK(detail::cosine_of(tiny, 1e-6) == Approx(1e-14));
}

TEST_CASE("scale_by_grad_cosine_similarity: printing and validation",
          "[modules][scale_by_grad_cosine_similarity][errors]") {
    scale_by_grad_cosine_similarity m{.eps = 1e-3};
    CHECK(describe(m) == "scale_by_grad_cosine_similarity(eps=0.001)");
    m.eps = -1;
    CHECK_THROWS_WITH(m.validate(), Contains("tzero: scale_by_grad_cosine_similarity: eps must be > 0"));
}
