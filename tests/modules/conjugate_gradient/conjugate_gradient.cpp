// The conjugate-gradient directions (polak_ribiere, fletcher_reeves, hestenes_stiefel, dai_yuan,
// liu_storey, conjugate_descent, hager_zhang, dyhs): each β against its formula on hand-made
// gradients, restarts, clip_beta, the guards per element type, NaN, inner chains, validation.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(reduce_module<polak_ribiere> && plan_of<polak_ribiere>::passes == 2);
static_assert(plan_of<polak_ribiere>::state_slots == 2 && plan_of<polak_ribiere>::reduce_slots == 1);
static_assert(plan_of<decltype(dyhs().with_inner(ema(0.5)) | lr(0.1))>::state_slots == 3);
static_assert(plan_of<decltype(adam() | hager_zhang() | lr(0.1))>::passes == 2);  // adam fuses into the sums' pass

namespace {

using vec = std::vector<double>;
using tzero_test::dot;
vec minus(vec const& a, vec const& b) {
    vec r(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) r[i] = a[i] - b[i];
    return r;
}

// Each β written from the textbook formulas in the update's sign (docs/modules/conjugate_gradient.md),
// independently of cg_sums; `tiny2` is 2·tiny of the element type.
using beta_fn = std::function<double(vec const& g, vec const& gp, vec const& d, double tiny2)>;
beta_fn const pr = [](vec const& g, vec const& gp, vec const&, double t) {
    return std::abs(dot(gp, gp)) <= t ? 0 : dot(g, minus(g, gp)) / dot(gp, gp);
};
beta_fn const fr = [](vec const& g, vec const& gp, vec const&, double t) {
    return std::abs(dot(gp, gp)) <= t ? 0 : dot(g, g) / dot(gp, gp);
};
beta_fn const hs = [](vec const& g, vec const& gp, vec const& d, double t) {
    vec const y = minus(g, gp);
    return std::abs(dot(d, y)) < t ? 0 : -dot(g, y) / dot(d, y);
};
beta_fn const dy = [](vec const& g, vec const& gp, vec const& d, double t) {
    vec const y = minus(g, gp);
    return std::abs(dot(d, y)) <= t ? 0 : -dot(g, g) / dot(d, y);
};
beta_fn const ls = [](vec const& g, vec const& gp, vec const& d, double t) {
    return std::abs(dot(gp, d)) <= t ? 0 : dot(g, minus(g, gp)) / dot(gp, d);
};
beta_fn const cd = [](vec const& g, vec const& gp, vec const& d, double t) {
    return std::abs(dot(gp, d)) <= t ? 0 : dot(g, g) / dot(gp, d);
};
beta_fn const hz = [](vec const& g, vec const& gp, vec const& d, double t) {
    vec const y = minus(g, gp);
    double const dy = dot(d, y);
    if (std::abs(dy) <= t) return 0.0;
    vec v(y.size());  // y − 2·d·‖y‖²/dᵀy
    for (std::size_t i = 0; i < y.size(); ++i) v[i] = y[i] - 2 * d[i] * dot(y, y) / dy;
    return -dot(v, g) / dy;
};
beta_fn const hybrid = [](vec const& g, vec const& gp, vec const& d, double t) {
    vec const y = minus(g, gp);
    if (std::abs(dot(d, y)) <= t) return 0.0;
    double const a = std::max(-dot(g, g) / dot(d, y), 0.0), b = std::max(-dot(g, y) / dot(d, y), 0.0);
    return std::max(0.0, std::min(a, b));
};

template <class M>
beta_fn const& formula() {
    if constexpr (std::is_same_v<M, polak_ribiere>) return pr;
    else if constexpr (std::is_same_v<M, fletcher_reeves>) return fr;
    else if constexpr (std::is_same_v<M, hestenes_stiefel>) return hs;
    else if constexpr (std::is_same_v<M, dai_yuan>) return dy;
    else if constexpr (std::is_same_v<M, liu_storey>) return ls;
    else if constexpr (std::is_same_v<M, conjugate_descent>) return cd;
    else if constexpr (std::is_same_v<M, hager_zhang>) return hz;
    else return hybrid;
}

// The directions a module with `clip` and restart interval `interval` (≥ 1, or 0: never) gives
// for `grads`, from the formulas.
vec expected_directions(beta_fn const& beta, std::vector<vec> const& grads, long interval, bool clip, double tiny2) {
    vec out;
    vec gp, d;
    long k = 0;
    for (auto const& g : grads) {
        vec dir = g;
        if (k == 0) {
            k = 1;
        } else {
            double b = beta(g, gp, d, tiny2);
            if (clip) b = b > 0 ? b : 0;
            for (std::size_t i = 0; i < g.size(); ++i) dir[i] = g[i] + b * d[i];
            k = interval > 0 && (k + 1) % interval == 0 ? 0 : k + 1;
        }
        gp = g;
        d = dir;
        out.insert(out.end(), dir.begin(), dir.end());
    }
    return out;
}

std::vector<vec> const gradients = {{1, 2, -0.5}, {3, -1, 0.25}, {0.5, 0.5, 2},
                                    {-2, 1, 1},   {1, -3, 0.5},  {0.25, 1, -1}};

}  // namespace

TEMPLATE_TEST_CASE("conjugate gradient: each beta against its formula, with and without clip_beta and restarts",
                   "[modules][polak_ribiere][fletcher_reeves][hestenes_stiefel][dai_yuan][liu_storey]"
                   "[conjugate_descent][hager_zhang][dyhs]",
                   polak_ribiere, fletcher_reeves, hestenes_stiefel, dai_yuan, liu_storey, conjugate_descent,
                   hager_zhang, dyhs) {
    using M = TestType;
    double const tiny2 = 2 * std::numeric_limits<double>::min();
    for (long interval : {0L, 1L, 2L, 3L, -1L}) {
        for (bool clip : {false, true}) {
            CAPTURE(M::name, interval, clip);
            M m{};
            m.restart_interval = interval;
            m.clip_beta = clip;
            tzero_test::harness<double, M> h(m, {0, 0, 0});
            // −1 is n + 1 = 4 for these three elements
            vec const want = expected_directions(formula<M>(), gradients, interval < 0 ? 4 : interval, clip, tiny2);
            for (std::size_t s = 0; s < gradients.size(); ++s) {
                vec const got = h.step(gradients[s]);
                for (std::size_t i = 0; i < 3; ++i)
                    CHECK(got[i] == Approx(want[3 * s + i]).epsilon(1e-12).margin(1e-12));
            }
        }
    }
}

TEMPLATE_TEST_CASE("polak_ribiere: the defaults, in float and double", "[modules][polak_ribiere]", float, double) {
    using T = TestType;
    CHECK(polak_ribiere().clip_beta);
    CHECK(!fletcher_reeves().clip_beta);
    CHECK(polak_ribiere().restart_interval == -1);
    tzero_test::harness<T, polak_ribiere> h(polak_ribiere(), {T(0), T(0)});
    CHECK(h.step({T(1), T(2)}) == std::vector<T>{T(1), T(2)});  // the first step: d = g
    auto const d = h.step({T(3), T(-1)});                       // β = gᵀy/g′ᵀg′ = 9/5
    CHECK(d[0] == Approx(3 + 1.8));
    CHECK(d[1] == Approx(-1 + 3.6));
    CHECK(h.optimizer().reduce_state(0)[0] == 2);                       // steps since the restart
    CHECK(h.step({T(0.5), T(0.5)}) == std::vector<T>{T(0.5), T(0.5)});  // β = −0.05 clipped to 0; restart (n + 1 = 3)
    CHECK(h.optimizer().reduce_state(0)[0] == 0);
    auto const first = h.step({T(4), T(4)});  // the first step after the restart: d = g
    CHECK(first[0] == Approx(4));
    CHECK(first[1] == Approx(4));
}

TEMPLATE_TEST_CASE("conjugate gradient: the guard is 2·tiny of the parameters' element type",
                   "[modules][polak_ribiere]", float, double) {
    using T = TestType;
    tzero_test::harness<T, polak_ribiere> h(polak_ribiere{.restart_interval = 0}, {T(0), T(0)});
    h.step({T(1e-20), T(0)});             // g′ᵀg′ = 1e-40: below float's 2·tiny, not double's
    auto const d = h.step({T(1), T(0)});  // β = (1 − 1e-20)/1e-40 in double
    if constexpr (sizeof(T) == 4) CHECK(d[0] == 1);
    else CHECK(d[0] == Approx(1 + 1e20));
    // a zero first gradient: every denominator is 0, so β = 0 and d = g
    tzero_test::harness<T, dai_yuan> z(dai_yuan(), {T(0), T(0)});
    CHECK(z.step({T(0), T(0)}) == std::vector<T>{T(0), T(0)});
    CHECK(z.step({T(2), T(-1)}) == std::vector<T>{T(2), T(-1)});
}

TEST_CASE("conjugate gradient: a NaN gradient gives a NaN β; clip_beta makes it 0, as Python's max(0, β)",
          "[modules][fletcher_reeves]") {
    double const nan = std::numeric_limits<double>::quiet_NaN();
    tzero_test::harness<double, fletcher_reeves> plain(fletcher_reeves(), {0, 0});
    plain.step({1, 1});
    auto const d = plain.step({nan, 1});
    CHECK(std::isnan(d[0]));
    CHECK(std::isnan(d[1]));  // 1 + NaN·1
    tzero_test::harness<double, fletcher_reeves> clipped(fletcher_reeves{.clip_beta = true}, {0, 0});
    clipped.step({1, 1});
    auto const c = clipped.step({nan, 1});
    CHECK(std::isnan(c[0]));
    CHECK(c[1] == 1);  // β = 0
    double const inf = std::numeric_limits<double>::infinity();
    tzero_test::harness<double, polak_ribiere> big(polak_ribiere(), {0, 0});
    big.step({inf, 1});  // then gᵀy/g′ᵀg′ = −∞/∞: NaN, clipped to 0; 0·d′ still multiplies, as torchzero's
    auto const e = big.step({1, 2});
    CHECK(std::isnan(e[0]));  // 1 + 0·∞
    CHECK(e[1] == 2);
}

TEST_CASE("conjugate gradient: with an inner chain the first g′ and d′ are the update before it, as torchzero's",
          "[modules][fletcher_reeves]") {
    auto const m = fletcher_reeves{.restart_interval = 0}.with_inner(mul(2.0));
    tzero_test::harness<double, decltype(m)> h(m, {0, 0});
    CHECK(h.step({1, 2}) == vec{2, 4});  // inner(g)
    // g = 2·(3, −1): β = gᵀg / g′ᵀg′ = 40 / 5 with g′ = (1, 2), the update before inner; d = g + 8·(1, 2)
    CHECK(h.step({3, -1}) == vec{14, 14});
    // g = (2, 2): g′ = (6, −2) now (after inner), d′ = (14, 14): β = 8 / 40
    auto const d = h.step({1, 1});
    CHECK(d[0] == Approx(2 + 0.2 * 14));
    CHECK(d[1] == Approx(2 + 0.2 * 14));
}

TEST_CASE("conjugate gradient: describe, validate", "[modules][hager_zhang][dyhs]") {
    CHECK(describe(hager_zhang()) == "hager_zhang(restart_interval=-1, clip_beta=false)");
    CHECK(describe(dyhs{.restart_interval = 4}.with_inner(sign())) ==
          "dyhs(restart_interval=4, clip_beta=false, inner=[sign()])");
    CHECK_THROWS_WITH(polak_ribiere{.restart_interval = -2} | lr(1),
                      "tzero: polak_ribiere: restart_interval must be >= 1, or 0 (never) or -1 (n + 1, torchzero's "
                      "'auto') (got -2)");
    CHECK_THROWS_WITH(liu_storey{.restart_interval = -5} | lr(1), Contains("tzero: liu_storey: restart_interval"));
    CHECK_NOTHROW(conjugate_descent{.restart_interval = 0} | lr(1));
}
