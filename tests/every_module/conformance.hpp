// Every module through the same conformance suite (as optax's _OPTIMIZERS_UNDER_TEST):
// a valid trivially copyable module; the fused SIMD step equals the scalar module-by-module step
// over tensors of awkward sizes (0, 1, odd, larger than a SIMD batch); zero gradients stay finite.
// Compiled in every_module/every_module.cpp, with the other suites over every module.
#pragma once
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <tuple>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

namespace {

template <class T, class M>
void conformance(M const& m) {
    INFO("module " << M::name);
    STATIC_REQUIRE(module<M>);
    STATIC_REQUIRE(std::is_trivially_copyable_v<M>);
    REQUIRE_NOTHROW(validate(m));
    // every data member is a named hyperparameter, so checkpoints and describe() miss none (counted
    // for aggregates; the modules over several operands, `sum(adam(), sign())`, are built by a
    // constructor and hold only their operand pack and its weights or steps)
    if constexpr (std::is_aggregate_v<M>)
        STATIC_REQUIRE(std::tuple_size_v<decltype(hyperparameters_of<M>())> == tzero_test::member_count<M>());
    CHECK(describe(m).starts_with(std::string(M::name) + "("));
    // adam first gives every module a non-trivial update that differs from the raw gradient
    auto const c = adam() | m | lr(0.5);
    using C = std::remove_cvref_t<decltype(c)>;
    std::vector<std::vector<std::size_t>> shapes = {{0}, {1}, {3, 7}, {2 * xsimd::batch<T>::size + 1}};
    tzero_test::tensor_list<T> p(shapes), g(shapes);
    p.fill_normal(5);
    auto ref = p.values;
    optimizer opt(c, p.views(), optimizer_options{.chunk_size = 8, .parallel_threshold = 0});
    tzero_test::reference_optimizer<C, T> reference(c, shapes);
    for (int step = 0; step < 5; ++step) {
        g.fill_normal(40 + unsigned(step));
        if (step == 2)
            for (auto& v : g.values) std::fill(v.begin(), v.end(), T(0));
        opt.step(g.const_views());
        reference.step(ref, g.values);
        for (std::size_t t = 0; t < ref.size(); ++t)
            for (std::size_t i = 0; i < ref[t].size(); ++i) {
                INFO("step " << step << ", tensor " << t << ", element " << i << ": fused " << p.values[t][i]
                             << ", reference " << ref[t][i]);
                REQUIRE(std::isfinite(p.values[t][i]));
                // fp32: xsimd's exp and pow are a few ulps from libm's, which the reference uses;
                // fp64 behind a reduction: the fused sums go chunk by chunk in SIMD lanes, the
                // reference's element by element, and a norm ratio (graft) carries that difference
                REQUIRE(tzero_test::close(p.values[t][i], ref[t][i],
                                          sizeof(T) == 4     ? 4e-6
                                          : reduce_module<M> ? 1e-12
                                                             : 1e-14));
            }
    }
}

}  // namespace

TEMPLATE_TEST_CASE("all modules: conformance " TZERO_SHARD_PART, "[modules][conformance]", float, double) {
    tzero_test::for_each_module_under_test<TZERO_SHARD, TZERO_SHARDS>([](auto const& m) { conformance<TestType>(m); });
}
