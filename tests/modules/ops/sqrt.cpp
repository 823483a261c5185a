#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include <tzero/tzero.hpp>

#include "modules/ops/ops_support.hpp"

using namespace tzero;

TEMPLATE_TEST_CASE("sqrt: square root, NaN below zero, -0 stays -0 as in torch", "[modules][sqrt]", float, double) {
    using T = TestType;
    T const nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
    ops_test::check<T>(tzero::sqrt(), {T(4), T(2.25), T(0), T(-0.0), T(-1), inf, -inf, nan},
                       {T(2), T(1.5), T(0), T(-0.0), nan, inf, nan, nan});
}

// The conformance suite (every_module/conformance.hpp) runs adam() | m | lr(0.5), where sqrt would
// see negative steps; the same checks, behind abs.
TEMPLATE_TEST_CASE("sqrt: behind abs, the fused step equals the module-by-module reference", "[modules][sqrt]", float,
                   double) {
    using T = TestType;
    auto const c = adam() | tzero::abs() | tzero::sqrt() | lr(0.5);
    using C = std::remove_cvref_t<decltype(c)>;
    std::vector<std::vector<std::size_t>> shapes = {{0}, {1}, {3, 7}, {2 * xsimd::batch<T>::size + 1}};
    tzero_test::tensor_list<T> p(shapes), g(shapes);
    p.fill_normal(5);
    auto ref = p.values;
    std::vector<std::size_t> sizes;
    for (auto const& v : ref) sizes.push_back(v.size());
    optimizer opt(c, p.views(), optimizer_options{.chunk_size = 8, .parallel_threshold = 0});
    tzero_test::reference_optimizer<C, T> reference(c, sizes);
    for (int step = 0; step < 5; ++step) {
        g.fill_normal(40 + unsigned(step));
        opt.step(g.const_views());
        reference.step(ref, g.values);
        for (std::size_t t = 0; t < ref.size(); ++t)
            for (std::size_t i = 0; i < ref[t].size(); ++i) {
                REQUIRE(std::isfinite(p.values[t][i]));
                REQUIRE(tzero_test::close(p.values[t][i], ref[t][i], sizeof(T) == 4 ? 1e-6 : 1e-14));
            }
    }
}
