#include <catch2/catch.hpp>

#include <cmath>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

static_assert(plan_of<decltype(multiply_by_module_norm(sign(), identity()))>::passes == 2);
static_assert(uses_grad_v<decltype(divide_by_module_norm(identity(), grad()))>);

TEMPLATE_TEST_CASE("multiply_by_module_norm and divide_by_module_norm", "[modules][multiply_by_module_norm]", float,
                   double) {
    using T = TestType;
    std::vector<T> g{T(3), T(-4)};
    auto const run = [&](auto const& m) {
        std::vector<T> p{T(0), T(0)};
        optimizer opt{m, std::vector<tensor_view<T>>{tensor_view<T>(p.data(), {2})}};
        opt.step(std::vector<tensor_view<T const>>{tensor_view<T const>(g.data(), {2})});
        return std::vector<T>{-p[0], -p[1]};
    };
    auto u = run(multiply_by_module_norm(sign(), identity()));  // sign(g)·‖g‖ = (5, −5)
    CHECK(u[0] == Approx(5));
    CHECK(u[1] == Approx(-5));
    u = run(divide_by_module_norm(identity(), identity()));  // g/‖g‖
    CHECK(u[0] == Approx(0.6));
    u = run(divide_by_module_norm(identity(), sign(), global));  // g/√2
    CHECK(u[1] == Approx(-4 / std::sqrt(2.0)));
    auto l1 = multiply_by_module_norm(identity(), identity());
    l1.ord = 1;
    CHECK(run(l1)[0] == Approx(21));                                       // 3·‖g‖₁ = 3·7
    auto const zero = reduction<3>{{0.0, 0.0, -INFINITY}, 2, nullptr, 1};  // Σu², Σu (unused), max (−∞: none)
    CHECK(std::isinf(divide_by_module_norm(identity(), zeros()).finalize(zero)));  // as torch: x/0
    auto linf = multiply_by_module_norm(sign(), identity());
    linf.ord = INFINITY;
    CHECK(run(linf) == std::vector<T>{T(4), T(-4)});  // sign(g)·max|g|
    linf.ord = -INFINITY;
    CHECK(run(linf) == std::vector<T>{T(3), T(-3)});  // sign(g)·min|g|
    linf.ord = 0;
    CHECK(run(linf) == std::vector<T>{T(2), T(-2)});  // sign(g)·(nonzeros)
    auto dinf = divide_by_module_norm(identity(), identity(), global);
    dinf.ord = INFINITY;
    CHECK(run(dinf)[1] == Approx(-1));  // g/4
}

TEST_CASE("multiply_by_module_norm: bad ord is refused", "[modules][multiply_by_module_norm][errors]") {
    auto m = multiply_by_module_norm(identity(), identity());
    m.ord = std::nan("");
    REQUIRE_THROWS_WITH(m.validate(), Catch::Contains("tzero: multiply_by_module_norm: ord must be a number"));
    auto d = divide_by_module_norm(identity(), identity());
    d.ord = std::nan("");
    REQUIRE_THROWS_WITH(d.validate(), Catch::Contains("tzero: divide_by_module_norm: ord must be a number"));
    m.ord = 0;
    CHECK_NOTHROW(m.validate());
    m.ord = -INFINITY;
    CHECK_NOTHROW(m.validate());
}
