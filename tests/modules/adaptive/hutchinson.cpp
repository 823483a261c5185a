// The curvature modules (adahessian, sophia_h, esgd, random_hvp) and their Hutchinson estimate
// (core/curvature.hpp): the estimate on quadratics (exact for a diagonal Hessian and Rademacher
// directions, the diagonal in expectation otherwise, z shared by Hz and z ⊙ Hz), forward and
// central differences, averaged samples, AdaHessian's block averaging, the closure calls per step
// and `update_freq`, each module's step against its rule written out, a closure that throws
// inside the estimate undone, the plan's extra stream, validation. Parity with torchzero:
// reference/closure_parity.cpp (adahessian_*, sophia_h_*, esgd_*, random_hvp_*).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(curvature_module<adahessian> && curvature_module<sophia_h> && curvature_module<esgd> &&
              curvature_module<random_hvp> && !curvature_module<adam>);
// g, p, m, v and D read; p, m, v written: Adam's 28 bytes and the estimate's stream
static_assert(plan_of<decltype(adahessian() | lr(0.1))>::bytes_per_element<float> == 32);
static_assert(plan_of<decltype(adahessian() | lr(0.1))>::has_curvature &&
              plan_of<decltype(adahessian() | lr(0.1))>::passes == 1);
// a reduce module before it: only the pass that evaluates it reads D
static_assert(plan_of<decltype(clip_norm(1.0) | esgd())>::loads_curvature(handoff::materialize, 1) &&
              !plan_of<decltype(clip_norm(1.0) | esgd())>::loads_curvature(handoff::materialize, 0));

namespace {
using vec = std::vector<double>;

/// f = ½·xᵀAx over the concatenated parameters (A dense, n×n), counting calls; throws at call
/// `throw_at` (from 0).
struct quadratic {
    tzero_test::tensor_list<double>& p;
    vec A;
    int calls = 0, throw_at = -1;
    double operator()(std::span<tensor_view<double> const> grads) {
        if (calls++ == throw_at) throw std::runtime_error("user closure failed");
        vec const x = p.flat();
        std::size_t const n = x.size();
        vec g(n, 0.0);
        double f = 0;
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t j = 0; j < n; ++j) g[i] += A[i * n + j] * x[j];
            f += 0.5 * x[i] * g[i];
        }
        std::size_t k = 0;
        for (auto const& view : grads)
            for (std::size_t i = 0; i < view.size(); ++i) view.data[i] = g[k++];
        return f;
    }
};
/// A diagonal A with entries a.
vec diagonal(vec const& a) {
    vec A(a.size() * a.size(), 0.0);
    for (std::size_t i = 0; i < a.size(); ++i) A[i * a.size() + i] = a[i];
    return A;
}
vec entries(std::size_t n) {
    vec a(n);
    for (std::size_t i = 0; i < n; ++i) a[i] = 1.0 + double(i % 5);
    return a;
}

/// The update one step of `chain` makes at p (p − p′), the chain's estimate included.
template <class C>
vec update_of(C const& chain, tzero_test::tensor_list<double>& p, quadratic& f) {
    vec const before = p.flat();
    optimizer opt(chain, p.views(), optimizer_options{.chunk_size = 16, .parallel_threshold = 0});
    opt.step(f);
    vec const after = p.flat();
    vec u(before.size());
    for (std::size_t i = 0; i < u.size(); ++i) u[i] = before[i] - after[i];
    return u;
}
}  // namespace

TEST_CASE("hutchinson: z ⊙ Hz is diag H exactly for a diagonal H and Rademacher directions", "[modules][curvature]") {
    for (auto method : {hvp_method::fd_forward, hvp_method::fd_central})
        for (int samples : {1, 3}) {
            INFO("method " << int(method) << ", samples " << samples);
            tzero_test::tensor_list<double> p({{5}, {2, 3}, {0}, {1}});
            p.fill_normal(3);
            vec const a = entries(12);
            quadratic f{p, diagonal(a)};
            vec const D = update_of(
                random_hvp{
                    .n_samples = samples, .distribution = sample_distribution::rademacher, .zHz = true, .hvp = method},
                p, f);
            for (std::size_t i = 0; i < a.size(); ++i) CHECK(D[i] == Approx(a[i]).epsilon(1e-6));
            int const per_sample = method == hvp_method::fd_central ? 2 : 1;
            CHECK(f.calls == 1 + samples * per_sample);
        }
}

TEST_CASE("hutchinson: Hz and z ⊙ Hz use the same z, and the parameters come back exactly", "[modules][curvature]") {
    // H = c·I: Hz = c·z, z ⊙ Hz = c·z², for normal and uniform directions alike
    for (auto dist : {sample_distribution::normal, sample_distribution::uniform, sample_distribution::rademacher}) {
        INFO("distribution " << int(dist));
        tzero_test::tensor_list<double> p({{40}, {3, 3}});
        p.fill_normal(5);
        vec const start = p.flat();
        double const c = 2.5;
        quadratic f{p, diagonal(vec(49, c))};
        vec const hz = update_of(random_hvp{.distribution = dist, .seed = 9}, p, f);
        p.assign_flat(start);
        vec const zhz = update_of(random_hvp{.distribution = dist, .zHz = true, .seed = 9}, p, f);
        double mean_square = 0;
        for (std::size_t i = 0; i < hz.size(); ++i) {
            double const z = hz[i] / c;
            CHECK(zhz[i] == Approx(c * z * z).epsilon(1e-6).margin(1e-9));
            mean_square += z * z / double(hz.size());
        }
        CHECK(mean_square == Approx(1.0).epsilon(0.5));  // variance 1 per element
        // a different seed draws different directions
        p.assign_flat(start);
        vec const other = update_of(random_hvp{.distribution = dist, .seed = 10}, p, f);
        if (dist != sample_distribution::rademacher) CHECK(other[0] != hz[0]);
    }
}

TEST_CASE("hutchinson: the diagonal of a dense H in expectation", "[modules][curvature]") {
    // E[z ⊙ Hz] = diag H; Rademacher z (z_i² = 1): only the off-diagonal terms vary, and over
    // 4000 samples they average to ~1e-2
    std::size_t const n = 6;
    tzero_test::tensor_list<double> p(std::vector<std::vector<std::size_t>>{{n}});
    p.fill_normal(11);
    vec A(n * n);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) A[i * n + j] = i == j ? 3.0 + double(i) : 0.5 / (1.0 + double(i + j));
    quadratic f{p, A};
    vec const D = update_of(random_hvp{.n_samples = 4000,
                                       .distribution = sample_distribution::rademacher,
                                       .zHz = true,
                                       .hvp = hvp_method::fd_central},
                            p, f);
    for (std::size_t i = 0; i < n; ++i) CHECK(D[i] == Approx(A[i * n + i]).margin(0.05));
    CHECK(f.calls == 1 + 2 * 4000);
}

TEST_CASE("adahessian: block averaging of D, per kernel and in row blocks", "[modules][curvature][adahessian]") {
    // D = a exactly (diagonal H, Rademacher); the first step's update is D/|D| (Adam's first step)
    // times nothing else, so compare v directly: the state after one step is (1 − β2)·D̄²
    struct variant {
        int block_size;
        std::vector<std::vector<std::size_t>> rows;  // for tensor (5, 2, 2): the rows averaged together
    };
    tzero_test::tensor_list<double> p({{5, 2, 2}, {3, 2}, {4}});
    p.fill_normal(2);
    vec const start = p.flat();
    vec const a = entries(30);
    for (int block_size : {0, 2, 4, 9}) {
        INFO("block_size " << block_size);
        p.assign_flat(start);
        quadratic f{p, diagonal(a)};
        optimizer opt(adahessian{.beta2 = 0.5, .block_size = block_size}, p.views());
        opt.step(f);
        vec expected(a.begin(), a.end());
        // tensor 0, (5, 2, 2): elements r·4 + c·2 + k
        auto const mean_of = [&](std::vector<std::size_t> const& idx) {
            double s = 0;
            for (auto i : idx) s += a[i];
            for (auto i : idx) expected[i] = s / double(idx.size());
        };
        if (block_size == 0) {
            for (std::size_t r = 0; r < 5; ++r)
                for (std::size_t c = 0; c < 2; ++c) mean_of({r * 4 + c * 2, r * 4 + c * 2 + 1});
            // (3, 2) is rank 2: left as it is
        } else {
            auto const blocks = [&](std::size_t offset, std::size_t rows, std::size_t width) {
                std::size_t const bs = std::size_t(block_size), nb = rows / bs;
                std::vector<std::pair<std::size_t, std::size_t>> ranges;
                if (nb <= 1) ranges.push_back({0, rows});
                else {
                    for (std::size_t b = 0; b < nb; ++b) ranges.push_back({b * bs, (b + 1) * bs});
                    if (nb * bs < rows) ranges.push_back({nb * bs, rows});
                }
                for (auto [r0, r1] : ranges)
                    for (std::size_t c = 0; c < width; ++c) {
                        std::vector<std::size_t> idx;
                        for (std::size_t r = r0; r < r1; ++r) idx.push_back(offset + r * width + c);
                        mean_of(idx);
                    }
            };
            blocks(0, 5, 4);
            blocks(20, 3, 2);
        }
        for (std::size_t t = 0, k = 0; t < 3; ++t)
            for (std::size_t i = 0; i < p.values[t].size(); ++i, ++k) {
                INFO("element " << k);
                CHECK(opt.state(1, t)[i] == Approx(0.5 * expected[k] * expected[k]).epsilon(1e-6));
            }
    }
}

TEST_CASE("adahessian, sophia_h, esgd: steps against their rules written out", "[modules][curvature]") {
    // a diagonal H and Rademacher directions: D = a exactly, so every rule is deterministic
    vec const a = entries(9);
    auto const run = [&](auto const& chain, auto const& rule) {
        tzero_test::tensor_list<double> p({{4}, {5}});
        p.fill_normal(13);
        quadratic f{p, diagonal(a)};
        optimizer opt(chain, p.views());
        vec x = p.flat();
        vec state1(a.size(), 0.0), state2(a.size(), 0.0);
        for (long t = 1; t <= 7; ++t) {
            INFO("step " << t);
            opt.step(f);
            for (std::size_t i = 0; i < a.size(); ++i) x[i] -= rule(t, a[i] * x[i], a[i], state1[i], state2[i]);
            vec const now = p.flat();
            for (std::size_t i = 0; i < a.size(); ++i) CHECK(now[i] == Approx(x[i]).epsilon(1e-7).margin(1e-12));
        }
    };
    auto const rademacher = sample_distribution::rademacher;
    SECTION("adahessian") {
        double const b1 = 0.8, b2 = 0.9, eps = 1e-8;
        run(adahessian{.beta1 = b1, .beta2 = b2, .update_freq = 2, .hessian_power = 0.7} | lr(0.1),
            [&](long t, double g, double d, double& m, double& v) {
                long const j = (t - 1) / 2 + 1;
                if ((t - 1) % 2 == 0) v = b2 * v + (1 - b2) * d * d;
                m = m + (1 - b1) * (g - m);
                double const mh = m / (1 - std::pow(b1, double(t))), vh = v / (1 - std::pow(b2, double(j)));
                return 0.1 * mh / (std::pow(vh, 0.35) + eps);
            });
    }
    SECTION("sophia_h") {
        double const b1 = 0.9, b2 = 0.5, eps = 1e-12;
        run(sophia_h{.beta1 = b1,
                     .beta2 = b2,
                     .update_freq = 3,
                     .precond_scale = 2,
                     .clip = 0.3,
                     .distribution = rademacher,
                     .debias = true},
            [&](long t, double g, double d, double& m, double& h) {
                long const j = (t - 1) / 3 + 1;
                if ((t - 1) % 3 == 0) h = h + (1 - b2) * (d - h);
                m = m + (1 - b1) * (g - m);
                double const mh = m / (1 - std::pow(b1, double(t))), hh = h / (1 - std::pow(b2, double(j))) * 2;
                return std::clamp(mh / std::max(hh, eps), -0.3, 0.3);
            });
    }
    SECTION("esgd, a sum") {
        run(esgd{.damping = 1e-3, .update_freq = 2, .distribution = rademacher} | lr(0.2),
            [&](long t, double g, double d, double& acc, double&) {
                long const j = (t - 1) / 2 + 1;
                double const hz = d;  // Hz for z = ±1 is ±a: its square a²
                if ((t - 1) % 2 == 0) acc += hz * hz;
                return 0.2 * g / (std::sqrt(acc / double(j)) + 1e-3);
            });
    }
    SECTION("esgd, an EMA") {
        run(esgd{.update_freq = 1, .distribution = rademacher, .beta = 0.7} | lr(0.2),
            [&](long t, double g, double d, double& acc, double&) {
                acc = 0.7 * acc + 0.3 * d * d;
                return 0.2 * g / (std::sqrt(acc / (1 - std::pow(0.7, double(t)))) + 1e-4);
            });
    }
}

TEST_CASE("sophia_h: closure calls follow update_freq", "[modules][curvature][sophia_h]") {
    tzero_test::tensor_list<double> p(std::vector<std::vector<std::size_t>>{{6}});
    p.fill_normal(1);
    quadratic f{p, diagonal(entries(6))};
    optimizer opt(sophia_h{.update_freq = 3, .hvp = hvp_method::fd_central, .n_samples = 2} | lr(0.01), p.views());
    std::vector<int> calls;
    for (int t = 0; t < 7; ++t) {
        int const before = f.calls;
        opt.step(f);
        calls.push_back(f.calls - before);
    }
    CHECK(calls == std::vector<int>{5, 1, 1, 5, 1, 1, 5});
    CHECK(opt.evaluations() == 19);
}

TEST_CASE("curvature: a closure that throws inside the estimate changes nothing", "[modules][curvature][errors]") {
    tzero_test::tensor_list<double> p({{4}, {2, 2}});
    p.fill_normal(4);
    quadratic f{p, diagonal(entries(8))};
    optimizer opt(adahessian() | lr(0.1), p.views());
    opt.step(f);
    opt.step(f);
    auto const twin = opt;
    vec const before = p.flat();
    for (int at : {1, 2}) {  // the gradient at p + h·z (adahessian, fd_forward: the second call)
        f.throw_at = f.calls + at;
        if (at == 1) {
            REQUIRE_THROWS_WITH(opt.step(f), Contains("adahessian: the closure threw at evaluation 1 of the step 3's "
                                                      "Hessian-vector products"));
        } else {
            opt.chain() = adahessian{.hvp = hvp_method::fd_central} | lr(0.1);
            REQUIRE_THROWS_WITH(opt.step(f), Contains("evaluation 2 of the step 3's Hessian-vector products"));
        }
        CHECK(p.flat() == before);
        CHECK(opt.steps() == 2);
        CHECK(opt.evaluations() == twin.evaluations());
        for (int s = 0; s < 2; ++s)
            for (std::size_t t = 0; t < 2; ++t)
                CHECK(std::vector<double>(opt.state(s, t).begin(), opt.state(s, t).end()) ==
                      std::vector<double>(twin.state(s, t).begin(), twin.state(s, t).end()));
    }
    f.throw_at = -1;
    opt.step(f);
    CHECK(opt.steps() == 3);
}

TEST_CASE("curvature: validation and the plan's description", "[modules][curvature][errors]") {
    tzero_test::tensor_list<double> p(std::vector<std::vector<std::size_t>>{{3}});
    quadratic f{p, diagonal(entries(3))};
    REQUIRE_THROWS_WITH(optimizer(adahessian{.n_samples = 0}, p.views()).step(f),
                        Contains("adahessian: n_samples must be >= 1"));
    REQUIRE_THROWS_WITH(optimizer(sophia_h{.h = 0}, p.views()).step(f),
                        Contains("sophia_h: h must be a finite number > 0"));
    REQUIRE_THROWS_WITH(optimizer(esgd{.update_freq = 0}, p.views()).step(f),
                        Contains("esgd: update_freq must be >= 1"));
    REQUIRE_THROWS_WITH(optimizer(esgd{.beta = 1}, p.views()).step(f), Contains("esgd: beta must be in [0, 1) or NaN"));
    REQUIRE_THROWS_WITH(optimizer(adahessian{.block_size = -1}, p.views()).step(f),
                        Contains("adahessian: block_size must be >= 0"));
    CHECK(f.calls == 0);  // refused before the closure is called
    CHECK_THAT(describe_plan(adahessian() | lr(0.1)), Contains("adahessian reads a curvature estimate"));
}

TEST_CASE("adahessian: float follows double within the finite differences' rounding", "[modules][curvature]") {
    // in float, Hz is a difference of gradients ~1e1 that differ by ~1e-3: ~1e-3 of rounding
    vec const a = entries(20);
    tzero_test::tensor_list<double> pd({{4, 5}});
    pd.fill_normal(21);
    tzero_test::tensor_list<float> pf({{4, 5}});
    pf.assign_flat(pd.flat());
    auto const closure = [&a](auto& p) {
        return [&a, &p]<class T>(std::span<tensor_view<T> const> grads) {
            vec const x = p.flat();
            double f = 0;
            for (std::size_t i = 0; i < x.size(); ++i) {
                f += 0.5 * a[i] * x[i] * x[i];
                if (!grads.empty()) grads[0].data[i] = T(a[i] * x[i]);
            }
            return f;
        };
    };
    optimizer od(adahessian{.n_samples = 2} | lr(0.05), pd.views());
    optimizer of(adahessian{.n_samples = 2} | lr(0.05), pf.views());
    for (int t = 0; t < 6; ++t) {
        od.step(closure(pd));
        of.step(closure(pf));
    }
    vec const xd = pd.flat(), xf = pf.flat();
    for (std::size_t i = 0; i < xd.size(); ++i) CHECK(xf[i] == Approx(xd[i]).epsilon(1e-3).margin(1e-4));
}
