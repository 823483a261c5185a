#include <catch2/catch.hpp>

#include <cmath>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

// Three sums and two outputs from one reduction: still one extra pass.
static_assert(plan_of<ortho_grad>::passes == 2);
static_assert(plan_of<ortho_grad>::max_terms == 3);
static_assert(plan_of<decltype(adam() | ortho_grad() | lr(1))>::reduced_width == 2);
static_assert(ortho_grad::uses_param);

namespace {
template <class T>
std::vector<T> step(auto const& chain, std::vector<std::vector<T>> p, std::vector<std::vector<T>> const& g) {
    std::vector<tensor_view<T>> pv;
    std::vector<tensor_view<T const>> gv;
    for (std::size_t t = 0; t < p.size(); ++t) {
        pv.emplace_back(p[t].data(), std::vector<std::size_t>{p[t].size()});
        gv.emplace_back(g[t].data(), std::vector<std::size_t>{g[t].size()});
    }
    auto before = p;
    optimizer opt{chain, pv};
    opt.step(gv);
    std::vector<T> u;
    for (std::size_t t = 0; t < p.size(); ++t)
        for (std::size_t i = 0; i < p[t].size(); ++i) u.push_back(before[t][i] - p[t][i]);
    return u;
}
}  // namespace

TEMPLATE_TEST_CASE("ortho_grad: removes the component along the parameters, over all tensors", "[modules][ortho_grad]",
                   float, double) {
    using T = TestType;
    // p = (1, 0 | 0), g = (3, 4 | 0): s = 3, u⊥ = (0, 4 | 0), renormalized to ‖g‖ = 5
    std::vector<std::vector<T>> p{{T(1), T(0)}, {T(0)}}, g{{T(3), T(4)}, {T(0)}};
    auto u = step<T>(ortho_grad{.eps = 0}, p, g);
    CHECK(u[0] == Approx(0).margin(1e-6));
    CHECK(u[1] == Approx(5));
    u = step<T>(ortho_grad{.eps = 0, .renormalize = false}, p, g);
    CHECK(u[1] == Approx(4));
    // the projection spans tensors: p = (1 | 1), g = (1 | −1) is already orthogonal
    u = step<T>(ortho_grad(), std::vector<std::vector<T>>{{T(1)}, {T(1)}},
                std::vector<std::vector<T>>{{T(1)}, {T(-1)}});
    CHECK(u[0] == Approx(1));
    CHECK(u[1] == Approx(-1));
}

TEST_CASE("ortho_grad: finalize edge cases", "[modules][ortho_grad]") {
    auto const r = ortho_grad{.eps = 0}.finalize(reduction<3>{{2.0, 1.0, 4.0}, 2, nullptr, 1});
    CHECK(r[0] == 2.0);  // u = 2p: u⊥ = 0, left at zero rather than 0/0
    CHECK(r[1] == 1.0);
    auto const zero = ortho_grad().finalize(reduction<3>{{0.0, 0.0, 0.0}, 2, nullptr, 1});  // p = 0, u = 0
    CHECK(zero[0] == 0.0);
    CHECK(zero[1] == 1.0);
    REQUIRE_THROWS_WITH(ortho_grad{.eps = -1}.validate(), Catch::Contains("tzero: ortho_grad: eps"));
}
