// The law of the CPU backend: the fused, planned, SIMD, multi-threaded step equals the chain
// applied one module at a time; both handoffs agree bit for bit; thread count changes nothing.
#include <catch2/catch.hpp>

#include <omp.h>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

namespace {

std::vector<std::vector<std::size_t>> const shapes = {{3, 5, 7}, {1}, {0}, {33}, {4100}, {2, 3}};

template <class T, class Chain>
void check_fused_equals_module_by_module(Chain const& c, std::size_t chunk_size) {
    tzero_test::tensor_list<T> p(shapes), g(shapes);
    p.fill_normal(7);
    std::vector<std::size_t> sizes;
    for (auto const& v : p.values) sizes.push_back(v.size());
    auto reference_params = p.values;
    tzero_test::reference_optimizer<Chain, T> reference(c, sizes);
    optimizer opt(c, p.views(), optimizer_options{.chunk_size = chunk_size, .parallel_threshold = 0});
    for (int step = 1; step <= 12; ++step) {
        g.fill_normal(100 + unsigned(step), 1.5);
        g.values[3][5] = T(0);  // an exact zero gradient
        opt.step(g.const_views());
        reference.step(reference_params, g.values);
    }
    using P = plan_of<Chain>;
    for (std::size_t t = 0; t < shapes.size(); ++t) {
        for (std::size_t i = 0; i < p.values[t].size(); ++i) {
            INFO("tensor " << t << " element " << i);
            // reductions sum in another order than the reference's, so allow a few ulps to grow
            double const tol = sizeof(T) == 4 ? 2e-6 : 1e-11;
            REQUIRE(tzero_test::close(p.values[t][i], reference_params[t][i], tol));
            for (int s = 0; s < P::state_slots; ++s)
                REQUIRE(tzero_test::close(opt.state(s, t)[i], reference.state(s, t, i), tol));
        }
    }
}

template <class T, handoff H, class Chain>
std::vector<std::vector<T>> run_forced(Chain const& c, int threads, std::size_t chunk_size) {
    tzero_test::tensor_list<T> p(shapes), g(shapes);
    p.fill_normal(3);
    std::vector<std::size_t> sizes;
    for (auto const& v : p.values) sizes.push_back(v.size());
    layout l(sizes, chunk_size, 16);
    using P = plan_of<Chain>;
    std::vector<T> state(l.padded_total * std::size_t(P::state_slots)), scratch(l.padded_total);
    std::vector<double> chunk_sums(l.chunks.size() * P::max_terms);
    std::vector<T> reduced(sizes.size() * P::reduced_width);
    std::vector<double> reduce_state(sizes.size() * P::reduce_slots);
    std::vector<T*> pp;
    std::vector<T const*> gp;
    for (std::size_t t = 0; t < sizes.size(); ++t) {
        pp.push_back(p.values[t].data());
        gp.push_back(g.values[t].data());
    }
    cpu::step_memory<T> mem{l, pp.data(), gp.data(), state.data(), scratch.data(), chunk_sums, reduced, reduce_state};
    int const saved = omp_get_max_threads();
    omp_set_num_threads(threads);
    for (long step = 1; step <= 6; ++step) {
        g.fill_normal(50 + unsigned(step));
        cpu::run_step<Chain, T, H>(c, step, mem, true);
    }
    omp_set_num_threads(saved);
    auto out = p.values;
    out.push_back(state);
    return out;
}

template <class T, class Chain>
void check_handoffs_and_threads(Chain const& c) {
    auto const recompute = run_forced<T, handoff::recompute>(c, 1, 64);
    CHECK(run_forced<T, handoff::materialize>(c, 1, 64) == recompute);
    CHECK(run_forced<T, handoff::recompute>(c, 2, 64) == recompute);
    CHECK(run_forced<T, handoff::recompute>(c, 3, 64) == recompute);
    CHECK(run_forced<T, handoff::materialize>(c, 2, 64) == recompute);
}

}  // namespace

TEMPLATE_TEST_CASE("cpu: fused step == module by module, for every chain shape", "[backends][cpu][law]", float,
                   double) {
    using T = TestType;
    SECTION("seed chain, one pass") {
        check_fused_equals_module_by_module<T>(clip_value(1) | adam() | lr(0.1) | cautious() | weight_decay(1e-4),
                                               1 << 14);
    }
    SECTION("seed chain with normalized cautious, two passes, odd chunks") {
        check_fused_equals_module_by_module<T>(
            clip_value(1) | adam() | lr(0.1) | cautious(normalized) | weight_decay(1e-4), 37);
    }
    SECTION("materialized plan: adam | clip_norm | lr") {
        check_fused_equals_module_by_module<T>(adam() | clip_norm(0.5) | lr(0.01), 100);
    }
    SECTION("three passes, per-tensor and global reductions") {
        check_fused_equals_module_by_module<T>(
            clip_norm(2.0, global) | rmsprop(0.9, 1e-8, centered) | cautious(normalized) | nag() | lr(0.01), 64);
    }
    SECTION("every elementwise module") {
        check_fused_equals_module_by_module<T>(heavy_ball() | ema{.debias = true} | adagrad{.lr_decay = 0.01} | sign() |
                                                   weight_decay{.weight_decay = 0.1, .ord = 3} | lr(0.01),
                                               1 << 14);
    }
}

TEMPLATE_TEST_CASE("cpu: handoffs agree bitwise and thread count changes nothing", "[backends][cpu][determinism]",
                   float, double) {
    using T = TestType;
    check_handoffs_and_threads<T>(clip_value(1) | adam() | lr(0.1) | cautious(normalized) | weight_decay(1e-4));
    check_handoffs_and_threads<T>(adam() | clip_norm(0.5) | lr(0.01));
    check_handoffs_and_threads<T>(clip_norm(1.0, global) | adam() | cautious(normalized) | lr(0.01));
}
