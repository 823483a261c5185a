#include <catch2/catch.hpp>

#include <cmath>

#include <tzero/tzero.hpp>

#include "modules/clipping/norm_backends.hpp"
#include "support.hpp"

using namespace tzero;
using tzero_test::norm_sums;

static_assert(plan_of<clip_norm<>>::passes == 2);
static_assert(std::is_same_v<clip_norm<>::reduce_scope, per_tensor_t>);
static_assert(std::is_same_v<decltype(clip_norm(1.0, global))::reduce_scope, global_t>);

TEMPLATE_TEST_CASE("clip_norm: per tensor, only tensors above max_norm shrink", "[modules][clip_norm]", float, double) {
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

namespace {
/// `m` with norm order `ord`.
template <class M>
M with_ord(M m, double ord) {
    m.ord = ord;
    return m;
}
}  // namespace

TEST_CASE("clip_norm: min_size skips small tensors, tiny norms count as 1", "[modules][clip_norm]") {
    static_assert(reduce_terms_v<clip_norm<>> == 3 && reduce_maxima_v<clip_norm<>> == 1);
    auto const c = clip_norm<>{.max_norm = 1.0, .min_size = 3};
    CHECK(c.finalize(norm_sums(100.0, 2)) == 1.0);               // 2 elements < min_size 3: untouched
    CHECK(c.finalize(norm_sums(100.0, 3)) == Approx(0.1));       // ‖u‖ = 10 → 1/10
    CHECK(clip_norm(0.5).finalize(norm_sums(1e-26, 4)) == 0.5);  // ‖u‖ = 1e-13 ≤ 1e-12 counts as 1
    CHECK(clip_norm(0.5).finalize(norm_sums(0.0, 4)) == 1.0);
    CHECK(clip_norm(0.5, global).finalize(norm_sums(1e-26, 4)) == 1.0);  // global: max_norm / 1e-13 > 1
    CHECK(clip_norm(0.5, global).finalize(norm_sums(0.0, 4)) == 1.0);
    CHECK(clip_norm(0.5).finalize(norm_sums(100.0, 3, 1e9)) == Approx(0.05));  // the 2-norm ignores the maximum
}

TEST_CASE("clip_norm: finalize of the inf-norm and the -inf-norm reads the maximum", "[modules][clip_norm]") {
    auto const inf = clip_norm<>{.max_norm = 1.0, .ord = INFINITY};
    CHECK(inf.finalize(norm_sums(0, 3, 4)) == 0.25);       // max|u| = 4
    CHECK(inf.finalize(norm_sums(0, 3, 0.5)) == 1);        // below max_norm
    CHECK(inf.finalize(norm_sums(0, 0, -INFINITY)) == 1);  // no elements: the ∞-norm is 0
    // a NaN element: a NaN norm (the maximum propagates it; normalize's tests see it through the
    // backends), and a NaN factor, as torch's clamp(max=1) of max_norm / NaN
    CHECK(std::isnan(detail::norm_of(0, NAN, INFINITY)));
    CHECK(std::isnan(detail::norm_of(0, NAN, -INFINITY)));
    CHECK(std::isnan(inf.finalize(norm_sums(0, 3, NAN))));
    CHECK(std::isnan(clip_norm(1.0, global).finalize(norm_sums(NAN, 3))));
    auto const neg = clip_norm<>{.max_norm = 1.0, .ord = -INFINITY};
    CHECK(neg.finalize(norm_sums(0, 3, -4)) == 0.25);  // max(−|u|) = −4: min|u| = 4
    CHECK(neg.finalize(norm_sums(0, 3, -0.0)) == 1);   // a zero element: norm 0, left alone
    CHECK(clip_norm<>{.max_norm = 1.0, .ord = 0}.finalize(norm_sums(5, 7)) == 0.2);                // 5 nonzeros
    CHECK(clip_norm<>{.max_norm = 1.0, .ord = 0.5}.finalize(norm_sums(3, 7)) == Approx(1.0 / 9));  // (Σ√|u|)²
    CHECK(clip_norm<>{.max_norm = 1.0, .ord = -1}.finalize(norm_sums(4, 7)) == Approx(1));         // 4^(−1) < 1
    CHECK(clip_norm<>{.max_norm = 0.1, .ord = -1}.finalize(norm_sums(4, 7)) == Approx(0.4));
}

TEMPLATE_TEST_CASE("clip_norm: the inf-norm is max|u| on every backend", "[modules][clip_norm]", float, double) {
    using T = TestType;
    auto const g = norm_test::gradients<T>();  // max|u| 4, 2.5, none, 2; 4 over all
    norm_test::check_scaled(norm_test::step_on_every_backend(clip_norm<>{.max_norm = 1, .ord = INFINITY}, g), g,
                            {0.25, 0.4, 1, 0.5});
    norm_test::check_scaled(norm_test::step_on_every_backend(clip_norm<>{.max_norm = 3, .ord = INFINITY}, g), g,
                            {0.75, 1, 1, 1});
    norm_test::check_scaled(norm_test::step_on_every_backend(with_ord(clip_norm(1.0, global), INFINITY), g), g,
                            {0.25, 0.25, 0.25, 0.25});
}

TEMPLATE_TEST_CASE("clip_norm: the -inf-norm is min|u| on every backend", "[modules][clip_norm]", float, double) {
    using T = TestType;
    auto const g = norm_test::gradients<T>();  // min|u| 3, 0.125, none, 0 (left alone)
    norm_test::check_scaled(norm_test::step_on_every_backend(clip_norm<>{.max_norm = 0.1, .ord = -INFINITY}, g), g,
                            {0.1 / 3, 0.8, 1, 1});
    // over all: 0 (left alone) with the zeros, else 0.125
    norm_test::check_scaled(norm_test::step_on_every_backend(with_ord(clip_norm(0.1, global), -INFINITY), g), g,
                            {1, 1, 1, 1});
    auto const h = norm_test::gradients<T>(false);
    norm_test::check_scaled(norm_test::step_on_every_backend(with_ord(clip_norm(0.1, global), -INFINITY), h), h,
                            {0.8, 0.8, 0.8});
}

TEMPLATE_TEST_CASE("clip_norm: the 0-norm counts the nonzeros on every backend", "[modules][clip_norm]", float,
                   double) {
    using T = TestType;
    auto const g = norm_test::gradients<T>();  // 2, 37, 0, 2 nonzeros; 41 over all
    norm_test::check_scaled(norm_test::step_on_every_backend(clip_norm<>{.max_norm = 1, .ord = 0}, g), g,
                            {0.5, 1.0 / 37, 1, 0.5});
    norm_test::check_scaled(norm_test::step_on_every_backend(with_ord(clip_norm(1.0, global), 0), g), g,
                            {1.0 / 41, 1.0 / 41, 1.0 / 41, 1.0 / 41});
}
