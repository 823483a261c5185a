/// @file tzero/minimize.hpp
/// `tzero::minimize(f, x0, chain, options)`: minimize a function of one vector, torchzero's
/// `tz.minimize(f, x0, method, custom_grad=True)` (and SciPy's `minimize`) over any chain.
///
///     auto f = [](std::span<double const> x, std::span<double> grad) {
///         double a = 1 - x[0], b = x[1] - x[0] * x[0];
///         if (!grad.empty()) grad[0] = -2 * a - 400 * x[0] * b, grad[1] = 200 * b;
///         return a * a + 100 * b * b;
///     };
///     auto r = tzero::minimize(f, std::vector{-1.2, 1.0}, tzero::polak_ribiere() | tzero::strong_wolfe());
///     // r.x, r.f, r.iterations, r.evaluations, r.success, r.message
///
/// `f(x, grad)` returns the value at x and, when `grad` is not empty, writes the gradient there.
/// Each iteration is one `optimizer::step(closure)`; after it the loop stops, in this order, when
/// a termination criterion of the chain hit (core/termination.hpp: `lbfgs() | strong_wolfe() |
/// terminate_by_gradient_norm(1e-10)`; a success), the evaluation or time budget is spent, the value reached `target`, the ∞-norm of the last
/// gradient `f` wrote is at most `gtol`, the ∞-norm of the change of x over the iteration is at
/// most `xtol`, or the lowest value has not improved for `max_no_improvement` iterations; and
/// after `max_iterations`. A budget spent inside an iteration ends it at once (its step is undone,
/// as every step whose closure throws). The result holds the lowest point `f` was evaluated at,
/// as torchzero's. A tolerance given as 0 means the smallest positive (torchzero's tiny²).
#pragma once
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <exception>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <tzero/core/chain.hpp>
#include <tzero/core/error.hpp>
#include <tzero/optimizer.hpp>

namespace tzero {

/// When `minimize` stops (each unset limit is off; torchzero's None).
struct minimize_options {
    std::optional<long> max_iterations{};          ///< steps
    std::optional<long> max_evaluations{};         ///< calls of f, counted when made
    std::optional<double> max_seconds{};           ///< wall time
    std::optional<double> target{};                ///< a value at or below it is success (torchzero's ftol)
    std::optional<double> gtol = 1e-5;             ///< ∞-norm of the last gradient
    std::optional<double> xtol{};                  ///< ∞-norm of x's change over a step
    std::optional<long> max_no_improvement = 100;  ///< steps without a lower value
    /// A Wolfe search's accepted trial (value and gradient) starts the next step, as SciPy counts
    /// (optimizer_options::reuse_accepted_trial); false calls f again there, as torchzero does.
    bool reuse_accepted_trial = true;
};

/// What `minimize` found.
template <class T>
struct minimize_result {
    std::vector<T> x;      ///< the lowest point f was evaluated at (x0 when f was never evaluated)
    double f;              ///< its value (∞ when f was never evaluated)
    long iterations;       ///< steps started, the last one included when a budget ended it
    long evaluations;      ///< calls of f
    double gradient_norm;  ///< ∞-norm of the last gradient f wrote (NaN when none)
    bool success;          ///< stopped at target, gtol or xtol
    std::string message;   ///< why it stopped, torchzero's words
};

namespace detail {
/// Thrown by minimize's closure when a budget is spent; caught by minimize, not seen by users.
struct minimize_budget_spent {
    char const* message;
};

inline double infinity_norm(auto const& values) {
    double m = 0;
    for (auto v : values) m = std::max(m, std::abs(double(v)));
    return m;
}
}  // namespace detail

/// Minimizes `f(std::span<T const> x, std::span<T> grad) -> double` from `x0` with `chain`.
template <class T, class F, module_or_chain C>
    requires std::is_invocable_r_v<double, F&, std::span<T const>, std::span<T>>
minimize_result<T> minimize(F&& f, std::vector<T> x0, C const& chain, minimize_options options = {}) {
    constexpr double tiny = double(std::numeric_limits<T>::min()) * double(std::numeric_limits<T>::min());
    auto const positive_or_tiny = [&](std::optional<double>& tol) {
        if (tol && *tol == 0) tol = tiny;
    };
    positive_or_tiny(options.gtol);
    positive_or_tiny(options.xtol);

    std::vector<T> x = std::move(x0);
    minimize_result<T> r{
        x, std::numeric_limits<double>::infinity(), 0, 0, __builtin_nan(""), false, "max iterations reached"};
    auto const start = std::chrono::steady_clock::now();
    auto const seconds = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };

    optimizer opt(chain, std::vector<tensor_view<T>>{tensor_view<T>(x.data(), {x.size()})},
                  optimizer_options{.reuse_accepted_trial = options.reuse_accepted_trial});
    auto closure = [&](std::span<tensor_view<T> const> grads) -> double {
        if (options.max_evaluations && r.evaluations >= *options.max_evaluations)
            throw detail::minimize_budget_spent{"max evaluations reached"};
        if (options.max_seconds && seconds() >= *options.max_seconds)
            throw detail::minimize_budget_spent{"max seconds reached"};
        ++r.evaluations;
        std::span<T> const g = grads.empty() ? std::span<T>() : std::span<T>(grads[0].data, x.size());
        double const value = f(std::span<T const>(x), g);
        if (!g.empty()) r.gradient_norm = detail::infinity_norm(g);
        if (value < r.f) r.f = value, r.x = x;
        return value;
    };

    std::vector<T> previous = x;
    double lowest = std::numeric_limits<double>::infinity();
    long no_improvement = 0;
    auto const stop = [&](char const* message, bool success) {
        r.message = message;
        r.success = success;
    };
    while (!options.max_iterations || r.iterations < *options.max_iterations) {
        ++r.iterations;
        double value;
        try {
            value = opt.step(closure);
        } catch (error const& e) {
            try {
                std::rethrow_if_nested(e);
            } catch (detail::minimize_budget_spent const& spent) {
                stop(spent.message, false);
                break;
            } catch (...) {}
            throw;
        }
        if (opt.should_terminate()) {
            stop("optimizer-specific termination criteria triggered", true);
            break;
        }
        if (options.max_seconds && seconds() >= *options.max_seconds) {
            stop("max seconds reached", false);
            break;
        }
        if (options.max_evaluations && r.evaluations >= *options.max_evaluations) {
            stop("max evaluations reached", false);
            break;
        }
        if (options.target && value <= *options.target) {
            stop("target function value reached", true);
            break;
        }
        if (options.gtol && r.gradient_norm <= *options.gtol) {
            stop("gradient norm is below tolerance", true);
            break;
        }
        if (options.xtol) {
            double change = 0;
            for (std::size_t i = 0; i < x.size(); ++i) change = std::max(change, std::abs(double(x[i] - previous[i])));
            previous = x;
            if (change <= *options.xtol) {
                stop("update norm is below tolerance", true);
                break;
            }
        }
        if (options.max_no_improvement) {
            if (r.f >= lowest) ++no_improvement;
            else lowest = r.f, no_improvement = 0;
            if (no_improvement >= *options.max_no_improvement) {
                stop("reached maximum steps without improvement", false);
                break;
            }
        }
    }
    return r;
}

}  // namespace tzero
