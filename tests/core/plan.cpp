// The compile-time plan: passes, bytes per element, and the recompute/materialize choice; how the
// terms of a reduction fold (sums and maxima) on every backend.
#include <omp.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>
#include <vector>

#include <tzero/backends/cuda/emulate.hpp>
#include <tzero/tzero.hpp>

using namespace tzero;

template <class C>
using plan_t = plan_of<std::remove_cvref_t<C>>;

// clip_value | adam | lr: one pass; read p, g, m, v and write p, m, v = 7 streams = 28 B in fp32.
using adam_chain = plan_t<decltype(clip_value(1) | adam() | lr(0.1))>;
static_assert(adam_chain::passes == 1 && adam_chain::reductions == 0);
static_assert(adam_chain::bytes_per_element<float> == 28);
static_assert(adam_chain::bytes_per_element<double> == 56);
static_assert(adam_chain::state_slots == 2);

// The seed chain with torchzero's default cautious (normalize off) is the same single pass:
// cautious reads the raw gradient, which the pass reads anyway; weight decay reads p, likewise.
using seed = plan_t<decltype(clip_value(1) | adam() | lr(0.1) | cautious() | weight_decay(1e-4))>;
static_assert(seed::passes == 1);
static_assert(seed::bytes_per_element<float> == 28);

// Normalizing cautious needs the global mean of its mask: two passes. Recompute: pass 1 reads
// g, m, v (12 B), pass 2 is the full 28 B pass = 40 B. Materialize: pass 1 reads g and m, v and
// writes m, v and the update (24 B), pass 2 reads the update, g and p and writes p (16 B) = 40 B.
// A tie goes to recompute, which needs no scratch buffer.
using seed_normalized = plan_t<decltype(clip_value(1) | adam() | lr(0.1) | cautious(normalized) | weight_decay(1e-4))>;
static_assert(seed_normalized::passes == 2 && seed_normalized::reductions == 1);
static_assert(seed_normalized::cut[0] == 3);
static_assert(seed_normalized::bytes_for<float>(handoff::recompute) == 40);
static_assert(seed_normalized::bytes_for<float>(handoff::materialize) == 40);
static_assert(seed_normalized::chosen == handoff::recompute);
static_assert(seed_normalized::bytes_per_element<float> == 40);

// A reduce module behind a stateful one: materializing saves re-reading the state.
// recompute: (g, m, v) + 28 B = 40 B; materialize: (g, m, v, m', v', u) + (u, p, p') = 36 B.
using adam_clip = plan_t<decltype(adam() | clip_norm(1.0) | lr(0.1))>;
static_assert(adam_clip::bytes_for<float>(handoff::recompute) == 40);
static_assert(adam_clip::bytes_for<float>(handoff::materialize) == 36);
static_assert(adam_clip::chosen == handoff::materialize && adam_clip::bytes_per_element<float> == 36);

// A reduce module first: recomputing costs only a read of g (4 B) before the full pass.
using clip_first = plan_t<decltype(clip_norm(1.0) | adam() | lr(0.1))>;
static_assert(clip_first::bytes_for<float>(handoff::recompute) == 32);
static_assert(clip_first::bytes_for<float>(handoff::materialize) == 36);
static_assert(clip_first::chosen == handoff::recompute);

// Two reductions, three passes; state offsets follow the chain.
using two = plan_t<decltype(clip_norm(1.0, global) | adam() | cautious(normalized) | nag() | lr(1))>;
static_assert(two::passes == 3 && two::cut[0] == 0 && two::cut[1] == 2 && two::cut[2] == 5);
static_assert(two::slot_offset[1] == 0 && two::slot_offset[2] == 2 && two::slot_offset[4] == 3);
static_assert(two::state_slots == 3);

// A lone module is a one-module chain.
static_assert(plan_of<sign>::passes == 1 && plan_of<sign>::bytes_per_element<float> == 12);

TEST_CASE("plan: facts are constant expressions usable at run time", "[core][plan]") {
    CHECK(seed::bytes_per_element<float> == 28);
    CHECK(seed_normalized::passes == 2);
    CHECK(adam_clip::chosen == handoff::materialize);
}

// Reads and writes add up; the seed chain reads p, g, m, v (16 B) and writes p, m, v (12 B).
static_assert(seed::read_bytes_for<float>(handoff::recompute) == 16);
static_assert(seed_normalized::read_bytes_for<float>(handoff::recompute) == 12 + 16);
static_assert(adam_clip::read_bytes_for<float>(handoff::materialize) == 12 + 8);

// ---------------------------------------------------------------- folding terms by a maximum
// A reduce module's last `reduce_maxima` terms fold by a NaN-propagating maximum from −∞, on
// every backend, every fold (SIMD lanes, chunks, threads, tensors, blocks of the CUDA grid).
static_assert(term_fold<3, 1>::terms == 3);
static_assert(!term_fold<3, 1>::is_max(0) && !term_fold<3, 1>::is_max(1) && term_fold<3, 1>::is_max(2));
static_assert(!term_fold<2>::is_max(0) && !term_fold<2>::is_max(1));
static_assert(term_fold<2, 2>::is_max(0) && term_fold<2, 2>::is_max(1));
static_assert(std::is_same_v<term_fold_of<clip_norm<>>, term_fold<3, 1>>);
using cautious_normalized = cautious<normalized_t>;
static_assert(std::is_same_v<term_fold_of<cautious_normalized>, term_fold<reduce_terms_v<cautious_normalized>, 0>>);

namespace {
/// Sums u and takes the largest u, per tensor or over all; keeps both as its two scalars, and
/// sets every element of the update to the largest u (so the parameters, from 0, end at −max).
template <class Scope>
struct sum_and_max {
    using kind = reduce;
    using reduce_scope = Scope;
    static constexpr int state_slots = 0;
    static constexpr int reduce_terms = 2;
    static constexpr int reduce_maxima = 1;
    static constexpr int reduce_slots = 2;
    static constexpr char const* name = "sum_and_max";
    template <class V>
    TZERO_HD terms<V, 2> reduce_term(V u, element<V, 0>, no_coeffs) const {
        return {{u, u}};
    }
    TZERO_HD double finalize(reduction<2, 2> r) const {
        r.state[0] = r.sum[0];
        r.state[1] = r.sum[1];
        return r.sum[1];
    }
    template <class V>
    TZERO_HD V apply(V, element<V, 0> e, no_coeffs) const {
        return e.reduced;
    }
};

// Two reductions: the plan tells each pass's fold apart (none in the last pass).
using max_then_clip = plan_t<decltype(sum_and_max<global_t>{} | adam() | clip_norm(1.0) | lr(1))>;
static_assert(max_then_clip::passes == 3);
static_assert(max_then_clip::maxima_of_pass(0) == 1 && max_then_clip::maxima_of_pass(1) == 1 &&
              max_then_clip::maxima_of_pass(2) == 0);
static_assert(plan_t<decltype(cautious(normalized) | lr(1))>::maxima_of_pass(0) == 0);
static_assert(std::is_same_v<pass_fold<as_chain_t<sum_and_max<global_t>>, 0>, term_fold<2, 1>>);

// Sizes: a tail past every SIMD width (37), one element, none, several chunks of 64 and of the
// default 16384 (40000, above the default parallel threshold), and an exact multiple (4096).
std::vector<std::vector<std::size_t>> const fold_shapes = {{37}, {1}, {0}, {5000}, {4096}, {40000}};

/// Every element below −1, so a fold from 0 rather than −∞ would give 0; the largest at a
/// position that differs from tensor to tensor.
template <class T>
std::vector<std::vector<T>> negative_values() {
    std::vector<std::vector<T>> v;
    unsigned x = 12345;
    for (auto const& s : fold_shapes) {
        v.emplace_back(s[0]);
        for (auto& e : v.back()) {
            x = x * 1103515245u + 12345u;
            e = T(-2 - double((x >> 8) % 100000) / 1000);  // in (−102, −2]
        }
    }
    v[0][36] = T(-1.5);     // in the tail
    v[3][2500] = T(-1.25);  // in a middle chunk
    v[4][0] = T(-1.75);     // the first element
    v[5][39999] = T(-1.125);
    return v;
}

/// Zero parameters shaped as `g`, and views of both.
template <class T>
struct fold_problem {
    std::vector<std::vector<T>> p;
    std::vector<tensor_view<T>> pv;
    std::vector<tensor_view<T const>> gv;
    explicit fold_problem(std::vector<std::vector<T>> const& g) {
        for (auto const& v : g) p.emplace_back(v.size(), T(0));
        for (std::size_t t = 0; t < g.size(); ++t) {
            pv.emplace_back(p[t].data(), fold_shapes[t]);
            gv.emplace_back(g[t].data(), fold_shapes[t]);
        }
    }
};

/// The parameters, from 0, after one step of `c` on the CPU with `threads` threads (chunk_size 0:
/// the default options), and the module's two scalars per tensor.
template <class T, class C>
std::pair<std::vector<std::vector<T>>, std::vector<double>> step_cpu(C const& c, std::vector<std::vector<T>> const& g,
                                                                     int threads, std::size_t chunk_size) {
    fold_problem<T> f(g);
    auto& [p, pv, gv] = f;
    int const saved = omp_get_max_threads();
    omp_set_num_threads(threads);
    optimizer_options o{};
    if (chunk_size) o = optimizer_options{.chunk_size = chunk_size, .parallel_threshold = 0};
    optimizer opt(c, pv, o);
    opt.step(gv);
    omp_set_num_threads(saved);
    std::vector<double> scalars;
    for (std::size_t t = 0; t < g.size(); ++t)
        for (double s : opt.reduce_state(t)) scalars.push_back(s);
    return {p, scalars};
}

/// The same on the emulated CUDA kernel bodies.
template <class T, class C>
std::vector<std::vector<T>> step_emulated(C const& c, std::vector<std::vector<T>> const& g, cuda::launch_shape shape) {
    fold_problem<T> f(g);
    auto& [p, pv, gv] = f;
    cuda::emulated_optimizer gpu(c, pv, 64, shape);
    gpu.step(gv);
    return p;
}

/// Checks one run: per tensor (or over all) the scalars are Σu and max u, and every parameter is
/// −max u (NaN where `nan_in` holds the tensor, or any tensor for the global scope).
template <class T, class Scope>
void check_fold(std::vector<std::vector<T>> const& g, std::vector<std::vector<T>> const& p,
                std::vector<double> const* scalars, std::size_t nan_in = std::size_t(-1)) {
    constexpr bool global = std::is_same_v<Scope, global_t>;
    double all_sum = 0, all_max = -INFINITY;
    std::vector<double> sums, maxima;
    for (auto const& v : g) {
        double s = 0, m = -INFINITY;
        for (T x : v) {
            s += double(x);
            m = std::max(m, double(x));
        }
        sums.push_back(s);
        maxima.push_back(m);
        all_sum += s;
        all_max = std::max(all_max, m);
    }
    double const sum_tol = sizeof(T) == 4 ? 1e-4 : 1e-12;  // float sums add in float lanes
    for (std::size_t t = 0; t < g.size(); ++t) {
        INFO("tensor " << t << " of " << g[t].size() << " elements");
        bool const nan = global ? nan_in != std::size_t(-1) : nan_in == t;
        double const want = global ? all_max : maxima[t];
        if (scalars && (!global || t == 0)) {
            double const sum = (*scalars)[2 * t], max = (*scalars)[2 * t + 1];
            if (nan) {
                CHECK(std::isnan(max));
                CHECK(std::isnan(sum));
            } else {
                CHECK(max == want);  // exactly: a maximum rounds nothing
                CHECK(sum == Approx(global ? all_sum : sums[t]).epsilon(sum_tol));
            }
        }
        for (std::size_t i = 0; i < p[t].size(); ++i) {
            INFO("element " << i);
            if (nan) REQUIRE(std::isnan(p[t][i]));
            else REQUIRE(double(p[t][i]) == -want);
        }
    }
}

template <class T, class Scope>
void check_fold_everywhere(std::vector<std::vector<T>> const& g, std::size_t nan_in = std::size_t(-1)) {
    sum_and_max<Scope> const m{};
    for (auto [threads, chunk] :
         {std::pair{1, std::size_t(0)}, std::pair{3, std::size_t(0)}, std::pair{1, std::size_t(64)},
          std::pair{2, std::size_t(64)}, std::pair{3, std::size_t(64)}, std::pair{4, std::size_t(48)}}) {
        INFO("cpu, " << threads << " threads, chunk size " << chunk << " (0: the default)");
        auto const [p, scalars] = step_cpu(m, g, threads, chunk);
        check_fold<T, Scope>(g, p, &scalars, nan_in);
    }
    for (auto shape : {cuda::launch_shape{0, 8}, cuda::launch_shape{3, 4}, cuda::launch_shape{1, 32}}) {
        INFO("emulated cuda, " << shape.blocks << " blocks of " << shape.threads << " threads");
        check_fold<T, Scope>(g, step_emulated(m, g, shape), nullptr, nan_in);
    }
}
}  // namespace

TEST_CASE("describe_plan: passes, cuts, handoff, bytes and each pass's streams as text", "[core][plan]") {
    CHECK(describe_plan(sign()) ==
          "sign()\n1 pass\nbytes per element: 12 in float (8 read, 4 written), 24 in double\n"
          "  pass 1: sign; reads g, p; writes p\n");
    auto const seed_text = describe_plan(clip_value(1) | adam() | lr(0.1) | cautious() | weight_decay(1e-4));
    CHECK(seed_text.ends_with(
        "\n1 pass\nbytes per element: 28 in float (16 read, 12 written), 56 in double\n"
        "  pass 1: clip_value | adam | lr | cautious | weight_decay; reads g, p, 2 state slots; writes p, 2 state "
        "slots\n"));
    // materialize: the first pass writes adam's state and the update at the cut; the second starts there
    auto const normalized = describe_plan(adam() | normalize() | lr(0.1));
    CHECK(normalized.ends_with(
        "\n2 passes, cut before normalize; handoff: materialize (each pass hands its update on in a scratch "
        "buffer)\nbytes per element: 36 in float (20 read, 16 written), 72 in double\n"
        "  pass 1: adam, then normalize's sums (per tensor); reads g, 2 state slots; writes 2 state slots, scratch\n"
        "  pass 2: (the scratch buffer) | normalize | lr; reads p, scratch; writes p\n"));
    using normalized_plan = plan_t<decltype(adam() | normalize() | lr(0.1))>;
    STATIC_REQUIRE(normalized_plan::chosen == handoff::materialize);
    STATIC_REQUIRE(normalized_plan::bytes_per_element<float> == 36);
    // recompute: a stateless prefix costs less to redo than to hand on
    auto const recomputed = describe_plan(sign() | normalize(1.0, global) | lr(0.1));
    CHECK(recomputed.find("cut before normalize; handoff: recompute") != std::string::npos);
    CHECK(recomputed.find("  pass 1: sign, then normalize's sums (over all parameters); reads g; writes nothing\n") !=
          std::string::npos);
    CHECK(recomputed.find("  pass 2: sign | normalize | lr; reads g, p; writes p\n") != std::string::npos);
    CHECK(describe_plan(adam() | div_by_loss{}).find("1 pass; reads the loss\n") != std::string::npos);
    CHECK(describe_plan(normalize(1.0, per_slice(0))).find(", slice by slice") != std::string::npos);
}

TEST_CASE("term_fold: a maximum from -inf that propagates NaN, a sum from 0", "[core][reduction]") {
    using F = term_fold<3, 1>;
    CHECK(F::identity<double>(0) == 0);
    CHECK(F::identity<double>(1) == 0);
    CHECK(F::identity<double>(2) == -INFINITY);
    CHECK(F::combine(0, 1.0, 2.0) == 3);
    CHECK(F::combine(2, 1.0, 2.0) == 2);
    CHECK(F::combine(2, -double(INFINITY), -5.0) == -5);
    CHECK(std::isnan(F::combine(2, 1.0, double(NAN))));
    CHECK(std::isnan(F::combine(2, double(NAN), 1.0)));  // both sides
    double acc[3];
    F::reset(acc);
    CHECK((acc[0] == 0 && acc[1] == 0 && acc[2] == -INFINITY));
    double const x[3] = {1, 2, -3}, y[3] = {4, 5, -6};
    F::combine_all(acc, x);
    F::combine_all(acc, y);
    CHECK((acc[0] == 5 && acc[1] == 7 && acc[2] == -3));
}

TEMPLATE_TEST_CASE("term_fold: the maximum term is exact on every thread count, chunking and grid", "[core][reduction]",
                   float, double) {
    using T = TestType;
    auto const g = negative_values<T>();
    SECTION("per tensor") { check_fold_everywhere<T, per_tensor_t>(g); }
    SECTION("global") { check_fold_everywhere<T, global_t>(g); }
}

TEMPLATE_TEST_CASE("term_fold: a NaN element makes the maximum NaN wherever it is", "[core][reduction]", float,
                   double) {
    using T = TestType;
    for (auto [t, i] :
         {std::pair<std::size_t, std::size_t>{0, 36}, {0, 3}, {1, 0}, {3, 4999}, {3, 2600}, {5, 0}, {5, 20000}}) {
        INFO("NaN at element " << i << " of tensor " << t);
        auto g = negative_values<T>();
        g[t][i] = T(NAN);
        check_fold_everywhere<T, per_tensor_t>(g, t);
        check_fold_everywhere<T, global_t>(g, t);
    }
}
