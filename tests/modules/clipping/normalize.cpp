#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <tzero/tzero.hpp>

#include "modules/clipping/norm_backends.hpp"
#include "support.hpp"

using namespace tzero;
using tzero_test::norm_sums;

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

namespace {
/// `m` with norm order `ord`.
template <class M>
M with_ord(M m, metric ord) {
    m.ord = ord;
    return m;
}
}  // namespace

TEST_CASE("normalize: finalize edge cases", "[modules][normalize]") {
    CHECK(normalize().finalize(norm_sums(1e-26, 4)) == 1.0);                  // ‖u‖ = 1e-13 ≤ 1e-12 counts as 1
    CHECK(normalize(1.0, global).finalize(norm_sums(0.0, 4)) == 1.0);         // zero: left alone (torchzero: NaN)
    CHECK(normalize(3.0, global).finalize(norm_sums(4.0, 4)) == 1.5);         // ‖u‖ = 2
    CHECK(normalize<>{.ord = 3}.finalize(norm_sums(8.0, 2)) == Approx(0.5));  // (8)^(1/3) = 2
    // ±∞ read the maximum term: max|u|, and minus max(−|u|)
    CHECK(normalize<>{.ord = INFINITY}.finalize(norm_sums(0, 2, 4)) == 0.25);
    CHECK(normalize<>{.ord = -INFINITY}.finalize(norm_sums(0, 2, -0.5)) == 2);
    CHECK(normalize<>{.ord = INFINITY}.finalize(norm_sums(0, 0, -INFINITY)) == 1);  // no elements: norm 0, left alone
    CHECK(normalize(1.0, global).finalize(norm_sums(0, 0, -INFINITY)) == 1);
    CHECK(std::isnan(normalize<>{.ord = INFINITY}.finalize(norm_sums(0, 2, NAN))));
    CHECK(normalize<>{.ord = 0}.finalize(norm_sums(4, 9)) == 0.25);  // 4 nonzeros
}

TEMPLATE_TEST_CASE("normalize: the inf-norm, the -inf-norm and the 0-norm on every backend", "[modules][normalize]",
                   float, double) {
    using T = TestType;
    // max|u| 4, 2.5, none, 2 (4 over all); min|u| 3, 0.125, none, 0; nonzeros 2, 37, 0, 2 (41)
    auto const g = norm_test::gradients<T>();
    using norm_test::check_scaled, norm_test::step_on_every_backend;
    check_scaled(step_on_every_backend(normalize<>{.norm_value = 1, .ord = INFINITY}, g), g, {0.25, 0.4, 1, 0.5});
    check_scaled(step_on_every_backend(with_ord(normalize(2.0, global), INFINITY), g), g, {0.5, 0.5, 0.5, 0.5});
    check_scaled(step_on_every_backend(normalize<>{.norm_value = 1, .ord = -INFINITY}, g), g, {1.0 / 3, 8, 1, 1});
    check_scaled(step_on_every_backend(with_ord(normalize(1.0, global), -INFINITY), g), g, {1, 1, 1, 1});
    auto const h = norm_test::gradients<T>(false);  // no zeros: min|u| 0.125 over all
    check_scaled(step_on_every_backend(with_ord(normalize(1.0, global), -INFINITY), h), h, {8, 8, 8});
    check_scaled(step_on_every_backend(normalize<>{.norm_value = 1, .ord = 0}, g), g, {0.5, 1.0 / 37, 1, 0.5});
    check_scaled(step_on_every_backend(with_ord(normalize(1.0, global), 0), g), g,
                 {1.0 / 41, 1.0 / 41, 1.0 / 41, 1.0 / 41});
    // a NaN element: the ±∞-norms are NaN; the 0-norm counts it as a nonzero, as torch
    auto n = norm_test::gradients<T>();
    n[1][33] = T(NAN);  // in place of the smallest
    check_scaled(step_on_every_backend(normalize<>{.norm_value = 1, .ord = INFINITY}, n), n, {0.25, NAN, 1, 0.5});
    check_scaled(step_on_every_backend(normalize<>{.norm_value = 1, .ord = -INFINITY}, n), n, {1.0 / 3, NAN, 1, 1});
    check_scaled(step_on_every_backend(with_ord(normalize(1.0, global), -INFINITY), n), n, {NAN, NAN, NAN, NAN});
    check_scaled(step_on_every_backend(normalize<>{.norm_value = 1, .ord = 0}, n), n, {0.5, 1.0 / 37, 1, 0.5});
}

namespace {
/// torchzero's named metric of `x`, by its definition (two passes, in double).
template <class T>
double statistic(std::vector<T> const& x, std::string const& name) {
    double const n = double(x.size());
    double sum = 0, abs_sum = 0, squares = 0;
    for (T v : x) sum += double(v), abs_sum += std::abs(double(v));
    for (T v : x) squares += (double(v) - sum / n) * (double(v) - sum / n);
    if (name == "mad") return n > 0 ? abs_sum / n : 0;
    if (name == "sum") return sum;
    return name == "var" ? squares / (n - 1) : std::sqrt(squares / (n - 1));
}
}  // namespace

TEMPLATE_TEST_CASE("normalize and clip_norm: the named metrics on every backend", "[modules][normalize]", float,
                   double) {
    using T = TestType;
    using norm_test::check_scaled, norm_test::step_on_every_backend;
    auto const g = norm_test::gradients<T>();
    std::vector<T> all;
    for (auto const& v : g) all.insert(all.end(), v.begin(), v.end());
    for (char const* name : {"mad", "std", "var", "sum"}) {
        INFO("ord = " << name);
        // per tensor: the empty tensor and a zero statistic are left alone, one ≤ 1e-12 (a negative
        // sum) counts as 1
        std::vector<double> factor, clipped;
        for (auto const& v : g) {
            double const m = v.size() > 1 ? statistic(v, name) : 0, n = m > 1e-12 ? m : 1;
            factor.push_back(m == 0 ? 1 : 0.5 / n);
            clipped.push_back(m == 0 ? 1 : std::min(1.0, 0.5 / n));
        }
        check_scaled(step_on_every_backend(normalize<>{.norm_value = 0.5, .ord = name}, g), g, factor);
        check_scaled(step_on_every_backend(clip_norm(0.5, per_tensor, 1, name), g), g, clipped);
        // over all: a negative sum flips the update, as torchzero's
        double const m = statistic(all, name);
        check_scaled(step_on_every_backend(with_ord(normalize(0.5, global), name), g), g,
                     std::vector<double>(g.size(), 0.5 / m));
        check_scaled(step_on_every_backend(with_ord(clip_norm(0.5, global), name), g), g,
                     std::vector<double>(g.size(), std::min(1.0, 0.5 / m)));
    }
    // a one-element tensor: the unbiased variance is NaN, as torch.var (min_size 2 skips it)
    std::vector<std::vector<T>> const one{{T(2)}, {T(1), T(3)}};
    check_scaled(step_on_every_backend(normalize<>{.norm_value = 1, .ord = "var"}, one), one, {NAN, 0.5});
    check_scaled(step_on_every_backend(normalize<>{.norm_value = 1, .ord = "var", .min_size = 2}, one), one, {1, 0.5});
}

TEMPLATE_TEST_CASE("normalize: a NaN element makes the inf-norm NaN wherever it is", "[modules][normalize]", float,
                   double) {
    using T = TestType;
    using norm_test::check_scaled, norm_test::step_on_every_backend;
    for (std::size_t at : {0, 17, 20, 36}) {  // first, inside a later chunk, in place of the max, the tail
        INFO("NaN at element " << at << " of the second tensor");
        auto g = norm_test::gradients<T>();
        g[1][at] = T(NAN);
        check_scaled(step_on_every_backend(normalize<>{.norm_value = 1, .ord = INFINITY}, g), g, {0.25, NAN, 1, 0.5});
        check_scaled(step_on_every_backend(normalize<>{.norm_value = 1, .ord = -INFINITY}, g), g, {1.0 / 3, NAN, 1, 1});
        check_scaled(step_on_every_backend(with_ord(normalize(1.0, global), INFINITY), g), g, {NAN, NAN, NAN, NAN});
    }
}

TEST_CASE("normalize: bad hyperparameters are refused", "[modules][normalize][errors]") {
    REQUIRE_THROWS_WITH(normalize(std::nan("")).validate(), Catch::Contains("tzero: normalize: norm_value"));
    REQUIRE_THROWS_WITH(normalize<>{.ord = std::nan("")}.validate(),
                        Catch::Contains("tzero: normalize: ord must be a number") && Catch::Contains("got nan"));
    REQUIRE_THROWS_WITH((clip_norm<>{.max_norm = 1, .ord = std::nan("")}.validate()),
                        Catch::Contains("tzero: clip_norm: ord must be a number"));
    REQUIRE_THROWS_WITH((clip_norm_growth<>{.ord = std::nan("")}.validate()),
                        Catch::Contains("tzero: clip_norm_growth: ord must be a number"));
    // any other order is a norm (torch.linalg.vector_norm's)
    for (double ord : {0.0, -1.0, 0.5, 3.0, double(INFINITY), -double(INFINITY)}) {
        CHECK_NOTHROW(normalize<>{.ord = ord}.validate());
        CHECK_NOTHROW((clip_norm<>{.max_norm = 1, .ord = ord}.validate()));
    }
}
