// Classic problems for docs/modules/closure.md: tzero::minimize with L-BFGS and with
// Polak–Ribière conjugate gradient (each with a strong-Wolfe search) on Rosenbrock in 2 and 100
// dimensions, Beale, and a quadratic of condition number 1e4, until the gradient's ∞-norm is at
// most 1e-5 (SciPy's gtol). Prints one markdown row a run: iterations, evaluations, final f.
// The peers' rows come from benchmarks/closure_peers.py; scripts/bench-closure-problems runs both.
#include <cmath>
#include <cstdio>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include <tzero/tzero.hpp>

namespace tz = tzero;

namespace {
using objective = std::function<double(std::span<double const>, std::span<double>)>;

struct problem {
    std::string name;
    objective f;
    std::vector<double> x0;
};

/// Σ 100·(x_{i+1} − x_i²)² + (1 − x_i)², from (−1.2, 1, −1.2, 1, …).
double rosenbrock(std::span<double const> x, std::span<double> grad) {
    double f = 0;
    for (double& g : grad) g = 0;
    for (std::size_t i = 0; i + 1 < x.size(); ++i) {
        double const a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
        f += 100 * a * a + b * b;
        if (!grad.empty()) {
            grad[i] += -400 * x[i] * a - 2 * b;
            grad[i + 1] += 200 * a;
        }
    }
    return f;
}

/// Beale: (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)², minimum 0 at (3, 0.5).
double beale(std::span<double const> v, std::span<double> grad) {
    double const x = v[0], y = v[1];
    double const c[3] = {1.5, 2.25, 2.625};
    double f = 0, gx = 0, gy = 0, yk = 1;
    for (int k = 1; k <= 3; ++k) {
        double const dy = k * yk;  // d(y^k)/dy
        yk *= y;
        double const r = c[k - 1] - x + x * yk;
        f += r * r;
        gx += 2 * r * (yk - 1);
        gy += 2 * r * x * dy;
    }
    if (!grad.empty()) grad[0] = gx, grad[1] = gy;
    return f;
}

/// ½·Σ a_i·x_i², a_i = 10^(4·i/(n − 1)): condition number 1e4, from x = 1.
double conditioned(std::span<double const> x, std::span<double> grad) {
    double f = 0;
    std::size_t const n = x.size();
    for (std::size_t i = 0; i < n; ++i) {
        double const a = std::pow(10.0, 4.0 * double(i) / double(n - 1));
        f += 0.5 * a * x[i] * x[i];
        if (!grad.empty()) grad[i] = a * x[i];
    }
    return f;
}

template <class Chain>
void run(problem const& p, char const* method, Chain const& chain) {
    auto const r = tz::minimize(p.f, p.x0, chain, {.max_iterations = 20000});
    std::printf("| %s | tzero `%s` | %ld | %ld | %.1e |%s\n", p.name.c_str(), method, r.iterations, r.evaluations, r.f,
                r.success ? "" : (" " + r.message).c_str());
}
}  // namespace

int main() {
    std::vector<double> wide(100), ones(100, 1.0);
    for (std::size_t i = 0; i < wide.size(); ++i) wide[i] = i % 2 == 0 ? -1.2 : 1.0;
    std::vector<problem> const problems = {{"Rosenbrock 2", rosenbrock, {-1.2, 1.0}},
                                           {"Rosenbrock 100", rosenbrock, wide},
                                           {"Beale", beale, {1.0, 1.0}},
                                           {"quadratic 100, cond 1e4", conditioned, ones}};
    // SciPy's CG: Polak–Ribière with β ≥ 0, strong Wolfe with c2 = 0.4, the first trial from the
    // last two values (min(1, 1.01·2·(f − f_prev)/φ′(0)), torchzero's 'quadratic-clip')
    auto const cg = tz::polak_ribiere() | tz::strong_wolfe{.c2 = 0.4, .a_init = tz::wolfe_init::quadratic_clip};
    for (auto const& p : problems) {
        run(p, "lbfgs() \\| strong_wolfe()", tz::lbfgs() | tz::strong_wolfe());
        run(p, "polak_ribiere() \\| strong_wolfe{.c2 = 0.4}", cg);
        run(p, "bfgs() \\| strong_wolfe()", tz::bfgs() | tz::strong_wolfe());
        // SciPy's BFGS starts from H₀ = I; torchzero's (the default) rescales H₀ by sᵀy/yᵀy
        run(p, "bfgs{.init_scale = 1} \\| strong_wolfe()", tz::bfgs{.init_scale = 1} | tz::strong_wolfe());
        // truncated Newton: each CG iteration one closure gradient (a Hessian-vector product)
        run(p, "newton_cg() \\| strong_wolfe()", tz::newton_cg() | tz::strong_wolfe());
        // and stopped at negative curvature, as SciPy's is
        run(p, "newton_cg{.npc_terminate = true} \\| strong_wolfe()",
            tz::newton_cg{.npc_terminate = true} | tz::strong_wolfe());
    }
}
