#include <catch2/catch.hpp>

#include <cmath>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

static_assert(plan_of<clip_norm<>>::passes == 2);
static_assert(std::is_same_v<clip_norm<>::reduce_scope, per_tensor_t>);
static_assert(std::is_same_v<decltype(clip_norm(1.0, global))::reduce_scope, global_t>);

TEMPLATE_TEST_CASE("clip_norm: per tensor, only tensors above max_norm shrink", "[modules][clip_norm]", float,
                   double) {
    using T = TestType;
    tzero_test::tensor_list<T> p{{{2}, {2}, {0}, {1}}}, g{{{2}, {2}, {0}, {1}}};
    g.values = {{T(3), T(4)}, {T(0.3), T(0.4)}, {}, {T(0)}};
    optimizer opt(clip_norm(1.0), p.views());
    opt.step(g.const_views());
    // ‖(3, 4)‖ = 5 → scaled by 1/5; ‖(0.3, 0.4)‖ = 0.5 → unchanged; a zero norm stays zero
    CHECK(p.values[0][0] == Approx(-0.6));
    CHECK(p.values[0][1] == Approx(-0.8));
    CHECK(p.values[1][0] == T(-0.3));
    CHECK(p.values[1][1] == T(-0.4));
    CHECK(p.values[3][0] == T(0));
}

TEMPLATE_TEST_CASE("clip_norm: global scope uses the norm over all tensors", "[modules][clip_norm]", float, double) {
    using T = TestType;
    tzero_test::tensor_list<T> p{{{1}, {1}}}, g{{{1}, {1}}};
    g.values = {{T(6)}, {T(8)}};
    optimizer opt(clip_norm(5.0, global), p.views());
    opt.step(g.const_views());
    CHECK(p.values[0][0] == Approx(-3.0));
    CHECK(p.values[1][0] == Approx(-4.0));
}

TEST_CASE("clip_norm: min_size skips small tensors, tiny norms count as 1", "[modules][clip_norm]") {
    auto const c = clip_norm<>{.max_norm = 1.0, .min_size = 3};
    CHECK(c.finalize(100.0, 2) == 1.0);               // 2 elements < min_size 3: untouched
    CHECK(c.finalize(100.0, 3) == Approx(0.1));       // ‖u‖ = 10 → 1/10
    CHECK(clip_norm(0.5).finalize(1e-26, 4) == 0.5);  // ‖u‖ = 1e-13 ≤ 1e-12 counts as 1
    CHECK(clip_norm(0.5).finalize(0.0, 4) == 1.0);
    CHECK(clip_norm(0.5, global).finalize(1e-26, 4) == 1.0);  // global: max_norm / 1e-13 > 1
    CHECK(clip_norm(0.5, global).finalize(0.0, 4) == 1.0);
}
