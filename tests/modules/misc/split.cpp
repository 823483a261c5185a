#include <catch2/catch.hpp>

#include <vector>

#include <tzero/backends/cuda/emulate.hpp>
#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(elementwise_module<decltype(split(is_matrix, adam(), sign()))>);
static_assert(plan_of<decltype(split(is_matrix, adam(), sign()) | lr(0.1))>::passes == 1);

TEMPLATE_TEST_CASE("split: matrices through one chain, the rest through the other", "[modules][split]", float, double) {
    using T = TestType;
    tzero_test::tensor_list<T> p({{4, 5}, {7}, {2, 3, 2}, {1}}), g({{4, 5}, {7}, {2, 3, 2}, {1}});
    g.fill_normal(3);
    optimizer opt(split(is_matrix, mul(2.0), sign() | mul(3.0)), p.views());
    opt.step(g.const_views());
    for (std::size_t t = 0; t < 4; ++t)
        for (std::size_t i = 0; i < p.values[t].size(); ++i) {
            T const gi = g.values[t][i];
            T const want = p.shapes[t].size() >= 2 ? -2 * gi : (gi > 0 ? T(-3) : gi < 0 ? T(3) : T(0));
            REQUIRE(p.values[t][i] == want);
        }
}

TEMPLATE_TEST_CASE("split: each side's state only moves for its tensors", "[modules][split]", float, double) {
    using T = TestType;
    tzero_test::tensor_list<T> p({{3}, {2, 2}}), g({{3}, {2, 2}});
    for (auto& v : g.values)
        for (auto& x : v) x = T(1);
    auto const s = split(is_vector, accumulate_sum(), accumulate_sum() | mul(10.0));
    STATIC_REQUIRE(decltype(s)::state_slots == 2);
    optimizer opt(s, p.views());
    opt.step(g.const_views());
    opt.step(g.const_views());
    CHECK(opt.state(0, 0)[0] == T(2));  // if_true's sum, the vector
    CHECK(opt.state(1, 0)[0] == T(0));  // if_false's: untouched there
    CHECK(opt.state(0, 1)[0] == T(0));
    CHECK(opt.state(1, 1)[0] == T(2));
    CHECK(p.values[0][0] == T(-3));   // 1 + 2
    CHECK(p.values[1][0] == T(-30));  // 10 + 20
}

TEST_CASE("split: the emulated CUDA kernels route the same tensors", "[modules][split]") {
    tzero_test::tensor_list<float> p({{5, 7}, {9}, {3, 3}}), q({{5, 7}, {9}, {3, 3}}), g({{5, 7}, {9}, {3, 3}});
    p.fill_normal(1);
    q.values = p.values;
    auto const c = split(is_matrix, adam() | lr(0.1), heavy_ball() | sign() | lr(0.01));
    optimizer cpu{c, p.views()};
    cuda::emulated_optimizer gpu(c, q.views(), 8, cuda::launch_shape{2, 4});
    for (int t = 1; t <= 3; ++t) {
        g.fill_normal(unsigned(10 + t));
        cpu.step(g.const_views());
        gpu.step(g.const_views());
    }
    for (std::size_t t = 0; t < 3; ++t)
        for (std::size_t i = 0; i < p.values[t].size(); ++i)
            REQUIRE(q.values[t][i] == Approx(p.values[t][i]).epsilon(1e-6));
}

TEST_CASE("split: a split inside another module's chain routes too", "[modules][split]") {
    // every optimizer binds the chains a module holds at any depth: a split inside a split, inside
    // graft's direction, inside an operand pack
    auto const inner = split(is_vector, mul(2.0), mul(3.0));
    auto const checks = [](auto const& c, std::vector<float> const& factor) {
        tzero_test::tensor_list<float> p({{2, 2}, {3}}), q({{2, 2}, {3}}), g({{2, 2}, {3}});
        g.values = {{1, -1, 1, -1}, {1, -1, 1}};
        optimizer cpu{c, p.views()};
        cpu.step(g.const_views());
        cuda::emulated_optimizer gpu(c, q.views(), 8, cuda::launch_shape{2, 4});
        gpu.step(g.const_views());
        for (std::size_t t = 0; t < 2; ++t)
            for (std::size_t i = 0; i < p.values[t].size(); ++i) {
                INFO(describe(c) << ": tensor " << t << " element " << i);
                REQUIRE(p.values[t][i] == -factor[t] * g.values[t][i]);
                REQUIRE(q.values[t][i] == p.values[t][i]);
            }
    };
    checks(split(is_matrix, mul(5.0), inner), {5, 2});
    checks(split(is_vector, inner, identity()), {1, 2});
    // graft's direction routed, its magnitude the update: each tensor keeps its norm
    checks(graft(inner, identity()), {1, 1});
    checks(sum(inner, identity()), {4, 3});
}

TEST_CASE("split: printing and validation", "[modules][split][errors]") {
    auto m = split(is_matrix, sign(), identity());
    CHECK(describe(m) == "split(if_true=[sign()], if_false=[identity()])");
    m.predicate = nullptr;
    CHECK_THROWS_WITH(m.validate(), Contains("tzero: split: the predicate is required"));
    auto n = split(is_matrix, sign(), identity());
    CHECK_THROWS_WITH(n.bind(std::vector<std::vector<std::size_t>>(5000, std::vector<std::size_t>{1})),
                      Contains("tzero: split: at most 4096 parameter tensors"));
    std::vector<float> storage(3);
    std::vector<tensor_view<float>> none;
    std::vector<tensor_view<float>> many(4097, tensor_view<float>(storage.data(), {3}));
    CHECK_THROWS_AS((optimizer{n, many}), error);
    CHECK_NOTHROW((optimizer{n, none}));
}
