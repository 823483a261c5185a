// Per-slice modules on the CPU backend (core/slices.hpp): the passes that iterate slices equal
// the chain applied module by module with the slices taken by definition, for every geometry
// (contiguous slices, interleaved ones, slices of strided runs, tensors left alone); the result
// does not depend on the thread count or the chunk size; bad dim lists throw and change nothing.
#include <catch2/catch.hpp>

#include <omp.h>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

namespace {

// 0-d, empty, 1-D, rows of a matrix, 3-D with a long inner run, and interleaved columns
// wider than a batch (SIMD lanes plus a scalar tail)
std::vector<std::vector<std::size_t>> const slice_shapes = {{},        {0, 3},   {33},         {9, 70},
                                                            {3, 5, 7}, {40, 21}, {2, 1, 37, 4}};

template <class T>
using run = std::pair<std::vector<std::vector<T>>, std::vector<std::vector<T>>>;  // fused, reference

template <class T, class Chain>
run<T> run_both(Chain const& c, std::size_t chunk_size, int steps = 6, bool constant_slices = true) {
    tzero_test::tensor_list<T> p(slice_shapes), g(slice_shapes);
    p.fill_normal(5);
    auto reference_params = p.values;
    tzero_test::reference_optimizer<Chain, T> reference(c, slice_shapes);
    optimizer opt(c, p.views(), optimizer_options{.chunk_size = chunk_size, .parallel_threshold = 0});
    for (int step = 1; step <= steps; ++step) {
        g.fill_normal(200 + unsigned(step), 1.5);
        for (std::size_t i = 0; i < g.values[3].size(); i += 70) g.values[3][i] = T(0);  // a zero column
        if (constant_slices)
            for (auto& x : g.values[4]) x = T(step);  // a zero std, and means that cancel exactly
        opt.step(g.const_views());
        reference.step(reference_params, g.values);
    }
    return {p.values, reference_params};
}

template <class T, class Chain>
void check_against_reference(Chain const& c, bool constant_slices = true) {
    for (std::size_t chunk_size : {std::size_t(16), std::size_t(1) << 14}) {
        auto const [fused, reference] = run_both<T>(c, chunk_size, 6, constant_slices);
        for (std::size_t t = 0; t < slice_shapes.size(); ++t)
            for (std::size_t i = 0; i < fused[t].size(); ++i) {
                INFO(describe(as_chain(c)) << " chunk " << chunk_size << " tensor " << t << " element " << i);
                INFO(fused[t][i] << " vs " << reference[t][i]);
                REQUIRE(tzero_test::close(fused[t][i], reference[t][i], sizeof(T) == 4 ? 1e-5 : 1e-11));
            }
    }
}

}  // namespace

TEMPLATE_TEST_CASE("per_slice: fused passes over slices == module by module", "[backends][cpu][slices]", float,
                   double) {
    check_against_reference<TestType>(clip_norm(0.5, per_slice(-1)) | lr(0.1));           // rows: contiguous slices
    check_against_reference<TestType>(clip_norm(0.5, per_slice(0)) | lr(0.1));            // columns: interleaved
    check_against_reference<TestType>(normalize(0.5, per_slice(1)) | lr(0.1));            // strided runs (3-D, 4-D)
    check_against_reference<TestType>(normalize(0.5, per_slice(0, 2), "std") | lr(0.1));  // kept middle
    check_against_reference<TestType>(centralize(per_slice(0)) | lr(0.1));
    check_against_reference<TestType>(centralize(per_slice_except(0)) | lr(0.1));
    check_against_reference<TestType>(clip_norm(0.5, per_slice(7)) | lr(0.1));       // past every rank: left alone
    check_against_reference<TestType>(clip_norm(0.5, per_slice(-1), 40) | lr(0.1));  // min_size leaves some alone
    check_against_reference<TestType>(clip_norm(0.2, per_slice(0), 1, INFINITY) | lr(0.1));  // a maximum term
}

TEMPLATE_TEST_CASE("per_slice: reductions before and after the slices, both handoffs", "[backends][cpu][slices]", float,
                   double) {
    // a per-tensor fold after the slices folds slice items in order; a global one before them
    // runs over chunks; state before the cut is recomputed or materialized as the plan picks
    auto recompute = clip_norm(1.0, global) | centralize(per_slice(0)) | adam() | clip_norm(0.3) | lr(0.1);
    auto materialize = ema(0.9) | normalize(1.0, per_slice(-1)) | adam() | clip_norm(0.3, global) | lr(0.1);
    static_assert(plan_of<decltype(recompute)>::chosen == handoff::recompute);
    static_assert(plan_of<decltype(materialize)>::chosen == handoff::materialize);
    static_assert(plan_of<decltype(recompute)>::slice_pass == 1 && !plan_of<decltype(recompute)>::iterates_slices(0));
    // (no constant slices: Adam would amplify the rounding of their exactly cancelling means)
    check_against_reference<TestType>(recompute, false);
    check_against_reference<TestType>(materialize, false);
}

TEMPLATE_TEST_CASE("per_slice: the thread count changes nothing", "[backends][cpu][slices][determinism]", float,
                   double) {
    auto const chain = clip_norm(0.5, per_slice(0)) | adam() | clip_norm(0.3) | lr(0.1);
    int const saved = omp_get_max_threads();
    omp_set_num_threads(1);
    auto const one = run_both<TestType>(chain, 64).first;
    omp_set_num_threads(3);
    auto const three = run_both<TestType>(chain, 64).first;
    omp_set_num_threads(saved);
    CHECK(one == three);
}

TEST_CASE("per_slice: the value of a slice depends on the slice alone, not on the chunk size",
          "[backends][cpu][slices]") {
    auto const chain = normalize(1.0, per_slice(0)) | lr(1);
    auto const small = run_both<float>(chain, 1, 2).first, large = run_both<float>(chain, 1 << 20, 2).first;
    CHECK(small == large);
}

TEST_CASE("per_slice: scope, printing and the plan", "[backends][cpu][slices]") {
    static_assert(std::is_same_v<decltype(clip_norm(1.0, per_slice(0, 1)))::reduce_scope, slice_dims<2>>);
    static_assert(per_slice_except(1).inverse_dims && !per_slice(1).inverse_dims);
    CHECK(describe(clip_norm(1.0, per_slice(0, -1))) ==
          "clip_norm(max_norm=1, scope=per_slice(dims=[0, -1], inverse_dims=false), min_size=1, ord=2)");
    CHECK(describe(centralize(per_slice_except(0))) ==
          "centralize(scope=per_slice(dims=[0], inverse_dims=true), min_size=2)");
    using P = plan_of<decltype(adam() | normalize(1.0, per_slice(0)) | lr(1))>;
    static_assert(P::has_slices && P::slice_module == 1 && P::slice_pass == 0 && P::passes == 2);
    static_assert(!plan_of<decltype(adam() | clip_norm(1.0) | lr(1))>::has_slices);
}

TEST_CASE("per_slice: a dim list that fits no tensor throws and changes nothing", "[backends][cpu][slices][errors]") {
    std::vector<float> w(12, 1.0f), g(12, 0.5f);
    std::vector<tensor_view<float>> params{tensor_view<float>(w.data(), {3, 4})};
    CHECK_THROWS_WITH(optimizer(clip_norm(1.0, per_slice(-3)) | lr(1), params),
                      Catch::Contains("dim -3 is out of range for a tensor of rank 2"));
    CHECK_THROWS_WITH(optimizer(clip_norm(1.0, per_slice(1, -1)) | lr(1), params), Catch::Contains("appears twice"));
    std::vector<float> w4(16, 1.0f), g4(16, 0.5f);
    std::vector<tensor_view<float>> params4{tensor_view<float>(w4.data(), {2, 2, 2, 2})};
    CHECK_THROWS_WITH(optimizer(clip_norm(1.0, per_slice(0, 2)) | lr(1), params4), Catch::Contains("alternate"));

    // changing the dims between steps rebinds the slices; a bad list throws before any write
    optimizer opt(clip_norm(1.0, per_slice(1)) | lr(1), params);
    tensor_view<float const> grad(g.data(), {3, 4});
    opt.step(std::span(&grad, 1));
    auto const after_one = w;
    opt.chain().get<0>().scope = per_slice(5);  // past the rank: left alone, no clipping
    opt.step(std::span(&grad, 1));
    for (std::size_t i = 0; i < w.size(); ++i) CHECK(w[i] == after_one[i] - 0.5f);
    auto const after_two = w;
    opt.chain().get<0>().scope = per_slice(-4);
    CHECK_THROWS_WITH(opt.step(std::span(&grad, 1)), Catch::Contains("out of range"));
    CHECK(w == after_two);
    CHECK(opt.steps() == 2);
    opt.chain().get<0>().scope = per_slice(1);
    opt.chain().get<0>().min_size = 5;  // rows of 4 are now too small: left alone
    opt.step(std::span(&grad, 1));
    for (std::size_t i = 0; i < w.size(); ++i) CHECK(w[i] == after_two[i] - 0.5f);
}
