#include <catch2/catch.hpp>

#include <cmath>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

static_assert(plan_of<normalize<>>::passes == 2);
static_assert(plan_of<decltype(adam() | normalize() | lr(0.1))>::passes == 2);
static_assert(std::is_same_v<decltype(normalize(1.0, global))::reduce_scope, global_t>);

TEMPLATE_TEST_CASE("normalize: each tensor gets norm_value, zero and small tensors stay", "[modules][normalize]", float,
                   double) {
    using T = TestType;
    tzero_test::tensor_list<T> p{{{2}, {2}, {2}, {1}}}, g{{{2}, {2}, {2}, {1}}};
    g.values = {{T(3), T(4)}, {T(0.03), T(0.04)}, {T(0), T(0)}, {T(7)}};
    optimizer opt{normalize<>{.norm_value = 2, .min_size = 2}, p.views()};
    opt.step(g.const_views());
    CHECK(p.values[0][0] == Approx(-1.2));  // (3, 4)·2/5
    CHECK(p.values[0][1] == Approx(-1.6));
    CHECK(p.values[1][0] == Approx(-1.2));  // scaled up, unlike clip_norm
    CHECK(p.values[2][0] == T(0));          // zero norm: left alone
    CHECK(p.values[3][0] == T(-7));         // 1 element < min_size 2: left alone
}

TEMPLATE_TEST_CASE("normalize: global scope and the 1-norm", "[modules][normalize]", float, double) {
    using T = TestType;
    tzero_test::tensor_list<T> p{{{1}, {1}}}, g{{{1}, {1}}};
    g.values = {{T(6)}, {T(-8)}};
    optimizer opt{normalize(1.0, global), p.views()};
    opt.step(g.const_views());
    CHECK(p.values[0][0] == Approx(-0.6));
    CHECK(p.values[1][0] == Approx(0.8));
    tzero_test::tensor_list<T> q{{{2}}};
    optimizer l1{normalize<>{.norm_value = 1, .ord = 1}, q.views()};
    std::vector<T> grad{T(1), T(-3)};
    l1.step(std::vector<tensor_view<T const>>{tensor_view<T const>(grad.data(), {2})});
    CHECK(q.values[0][0] == Approx(-0.25));  // ‖(1, −3)‖₁ = 4
    CHECK(q.values[0][1] == Approx(0.75));
}

TEST_CASE("normalize: finalize edge cases", "[modules][normalize]") {
    CHECK(normalize().finalize(1e-26, 4) == 1.0);             // ‖u‖ = 1e-13 ≤ 1e-12 counts as 1
    CHECK(normalize(1.0, global).finalize(0.0, 4) == 1.0);    // zero: left alone (torchzero: NaN)
    CHECK(normalize(3.0, global).finalize(4.0, 4) == 1.5);    // ‖u‖ = 2
    CHECK(normalize<>{.ord = 3}.finalize(8.0, 2) == Approx(0.5));  // (8)^(1/3) = 2
}

TEST_CASE("normalize: bad hyperparameters are refused", "[modules][normalize][errors]") {
    REQUIRE_THROWS_WITH(normalize(std::nan("")).validate(), Catch::Contains("tzero: normalize: norm_value"));
    REQUIRE_THROWS_WITH(normalize<>{.ord = 0}.validate(), Catch::Contains("tzero: normalize: ord"));
    REQUIRE_THROWS_WITH(normalize<>{.ord = INFINITY}.validate(), Catch::Contains("ord must be a finite number > 0"));
    REQUIRE_THROWS_WITH((clip_norm<>{.max_norm = 1, .ord = -1}.validate()), Catch::Contains("tzero: clip_norm: ord"));
}
