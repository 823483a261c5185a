// msam_momentum: the step against the rule written out over flat vectors (the plain, Nesterov
// and lerp momentum, weight decay at the perturbed point, one norm over every tensor), the first
// step from a zero velocity (both denominators at their floor), validation. Parity with
// torchzero: tests/reference/parity.cpp (msam_momentum*); the suites run it on every backend.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

static_assert(reduce_module<msam_momentum> && plan_of<msam_momentum>::state_slots == 1);
static_assert(plan_of<decltype(adam() | msam_momentum())>::passes == 2);  // adam fuses into the sums' pass

namespace {
using vec = std::vector<double>;

/// msam.py's msam_, over flat vectors in double.
struct written_out {
    msam_momentum m;
    vec v{};
    vec direction(vec const& p, vec const& u) {
        if (v.empty()) v.assign(u.size(), 0.0);
        double const floor = 2 * std::numeric_limits<double>::min();
        auto const denominator = [&](vec const& x) {
            return std::max(std::sqrt(tzero_test::dot(x, x)) / m.rho, floor);
        };
        double const d0 = denominator(v);
        vec w(u.size()), vn(u.size());
        for (std::size_t i = 0; i < u.size(); ++i) {
            vn[i] = v[i] / d0;
            if (m.lerp) v[i] += (1 - m.momentum) * (u[i] - v[i]);
            else if (m.nesterov) v[i] = (v[i] + u[i]) * m.momentum;
            else v[i] = m.momentum * v[i] + u[i];
            w[i] = m.nesterov ? u[i] + v[i] : v[i];
        }
        double const d1 = denominator(w);
        vec d(u.size());
        for (std::size_t i = 0; i < u.size(); ++i)
            d[i] = m.lr * w[i] + w[i] / d1 - vn[i] + m.weight_decay * (p[i] + vn[i]);
        return d;
    }
};
constexpr auto follow = tzero_test::follow_noisy_quadratic<written_out>;
}  // namespace

TEST_CASE("msam_momentum: the rule written out", "[modules][momentum]") {
    SECTION("defaults") { follow(msam_momentum(), {}, 10, 1, 1.0); }
    SECTION("nesterov, weight decay") {
        msam_momentum const m{.lr = 0.05, .momentum = 0.8, .rho = 0.5, .weight_decay = 0.1, .nesterov = true};
        follow(m, {.m = m}, 10, 2, 1.0);
    }
    SECTION("lerp") {
        msam_momentum const m{.lr = 0.1, .rho = 0.05, .lerp = true};
        follow(m, {.m = m}, 10, 3, 1.0);
    }
}

TEST_CASE("msam_momentum: the first step from a zero velocity", "[modules][momentum]") {
    // v = 0: vn = 0 (0 over the floor); w = u, so the step is lr·u + ρ·u/‖u‖
    tzero_test::tensor_list<double> p({{2}, {1}}), g(p.shapes);
    g.values = {{3, 0}, {4}};
    optimizer opt(msam_momentum{.lr = 0.1, .rho = 0.5}, p.views());
    opt.step(g.const_views());
    vec const expected{-(0.3 + 0.5 * 3 / 5), 0, -(0.4 + 0.5 * 4 / 5)};
    vec const now = p.flat();
    for (std::size_t i = 0; i < now.size(); ++i) CHECK(now[i] == Approx(expected[i]).epsilon(1e-15));
    // a zero gradient on a zero velocity: both norms 0, the floor keeps the step at 0, not NaN
    optimizer still(msam_momentum(), p.views());
    g.values = {{0, 0}, {0}};
    still.step(g.const_views());
    for (std::size_t i = 0; i < now.size(); ++i) CHECK(p.flat()[i] == now[i]);
}

TEST_CASE("msam_momentum: validation and describe", "[modules][momentum][errors]") {
    CHECK_THROWS_WITH(validate(msam_momentum{.rho = 0}),
                      Contains("tzero: msam_momentum: rho must be a finite number > 0"));
    CHECK_THROWS_WITH(validate(msam_momentum{.lr = NAN}), Contains("tzero: msam_momentum: lr must be a finite number"));
    CHECK(describe(msam_momentum()) ==
          "msam_momentum(lr=0.001, momentum=0.9, rho=0.3, weight_decay=0, nesterov=false, lerp=false)");
}
