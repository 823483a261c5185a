// Minimizes the Rosenbrock function with L-BFGS and a strong-Wolfe line search, printing the
// path: tzero::minimize steps `lbfgs() | strong_wolfe()` with a closure until the gradient's
// ∞-norm is below 1e-5, as scipy.optimize.minimize(method="L-BFGS-B") or torchzero's
// tz.minimize(f, x0, [tz.m.LBFGS(), tz.m.StrongWolfe()]) would. Then the same in 100 dimensions.
//
//     rosenbrock_lbfgs            # the 2-D path, then the 100-D summary
//     rosenbrock_lbfgs --quiet    # the summaries only
#include <cmath>
#include <cstdio>
#include <cstring>
#include <span>
#include <vector>

#include <tzero/tzero.hpp>

namespace tz = tzero;

namespace {
/// Σ 100·(x_{i+1} − x_i²)² + (1 − x_i)², and its gradient when `grad` is not empty.
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

void summary(char const* what, tz::minimize_result<double> const& r) {
    std::printf("%s: %s after %ld iterations, %ld evaluations: f = %.3e, |g|inf = %.1e, x[0] = %.6f\n", what,
                r.message.c_str(), r.iterations, r.evaluations, r.f, r.gradient_norm, r.x[0]);
}
}  // namespace

int main(int argc, char** argv) {
    bool const quiet = argc > 1 && std::strcmp(argv[1], "--quiet") == 0;
    auto const chain = tz::lbfgs() | tz::strong_wolfe();

    // 2-D from the classic start, printing every evaluation
    long printed = 0;
    auto const traced = [&](std::span<double const> x, std::span<double> grad) {
        double const f = rosenbrock(x, grad);
        if (!quiet)
            std::printf("%4ld  x = (%+.6f, %+.6f)  f = %.6e%s\n", ++printed, x[0], x[1], f,
                        grad.empty() ? "" : "  (with gradient)");
        return f;
    };
    auto const flat = tz::minimize(traced, std::vector{-1.2, 1.0}, chain, {.max_iterations = 200});
    summary("2-D", flat);

    // 100-D from x = (-1.2, 1, -1.2, 1, ...)
    std::vector<double> x0(100);
    for (std::size_t i = 0; i < x0.size(); ++i) x0[i] = i % 2 == 0 ? -1.2 : 1.0;
    auto const wide = tz::minimize(rosenbrock, x0, chain, {.max_iterations = 2000});
    summary("100-D", wide);

    bool const converged =
        flat.success && wide.success && std::abs(flat.x[0] - 1) < 1e-4 && std::abs(wide.x[0] - 1) < 1e-4;
    return converged ? 0 : 1;
}
