#include <catch2/catch.hpp>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

static_assert(plan_of<centralize<>>::passes == 2);
static_assert(std::is_same_v<decltype(centralize(global))::reduce_scope, global_t>);

TEMPLATE_TEST_CASE("centralize: subtracts each tensor's mean, tensors below min_size stay", "[modules][centralize]",
                   float, double) {
    using T = TestType;
    tzero_test::tensor_list<T> p{{{3}, {1}, {0}}}, g{{{3}, {1}, {0}}};
    g.values = {{T(1), T(2), T(6)}, {T(5)}, {}};
    optimizer opt{centralize(), p.views()};
    opt.step(g.const_views());
    CHECK(p.values[0][0] == Approx(2));  // mean 3: u = (−2, −1, 3)
    CHECK(p.values[0][1] == Approx(1));
    CHECK(p.values[0][2] == Approx(-3));
    CHECK(p.values[1][0] == T(-5));  // 1 element < min_size 2
}

TEMPLATE_TEST_CASE("centralize: global scope subtracts the mean of all elements", "[modules][centralize]", float,
                   double) {
    using T = TestType;
    tzero_test::tensor_list<T> p{{{1}, {3}}}, g{{{1}, {3}}};
    g.values = {{T(4)}, {T(0), T(0), T(0)}};
    optimizer opt{centralize(global), p.views()};
    opt.step(g.const_views());
    CHECK(p.values[0][0] == Approx(-3));  // mean 1
    CHECK(p.values[1][2] == Approx(1));
    CHECK(centralize(global).finalize(0.0, 0.0) == 0.0);  // no elements at all
}
