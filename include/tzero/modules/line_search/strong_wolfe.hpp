/// @file tzero/modules/line_search/strong_wolfe.hpp
/// Strong-Wolfe line search (Nocedal & Wright, Algorithms 3.5 and 3.6, with torch.optim.LBFGS's
/// safeguards): with φ(t) = f(p0 − t·d) and φ′(t) = −g(t)ᵀd, find t with
///   φ(t) ≤ φ(0) + c1·t·φ′(0)   and   |φ′(t)| ≤ −c2·φ′(0),
/// bracketing from a first guess (growing it by interpolation within [t + 0.01·(t − t′), 10·t]),
/// then zooming into the bracket by interpolation (cubic, quadratic or bisection), a point
/// within 10 % of a bracket end moved to 10 % inside. Every trial is a gradient evaluation; a
/// step size already tried is not evaluated again. A search that finds no point, or one above
/// φ(0), steps 0 (or, with `fallback`, the lowest point below φ(0)); then, when `adaptive`, the
/// next first guess is halved (s ← s/2; s ← 2·init_value once s < 2·tiny; s ← 1 on success).
/// Matches torchzero `tz.m.StrongWolfe(c1=1e-4, c2=0.9, a_init='fixed', a_max=1e12,
/// init_value=1, maxiter=25, maxzoom=10, maxeval=None, tol_change=1e-9, interpolation='cubic',
/// adaptive=True, fallback=False, plus_minus=False)` (modules/line_search/strong_wolfe.py), with
/// its interpolation in double (torchzero's rounds its inputs to float32: docs/modules.md).
/// kind: closure stage (core/closure.hpp): 1 gradient and up to maxiter + maxzoom gradients per
/// step; 5 persistent scalars. state: none.
#pragma once
#include <array>
#include <cmath>
#include <tuple>
#include <utility>
#include <vector>

#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>
#include <tzero/modules/detail/line_search.hpp>

namespace tzero {

/// How strong_wolfe picks its first trial (torchzero's `a_init`).
enum class wolfe_init { fixed, previous, first_order, quadratic, quadratic_clip };
constexpr std::array<char const*, 5> enumerators(wolfe_init) {
    return {"fixed", "previous", "first-order", "quadratic", "quadratic-clip"};
}
/// How strong_wolfe picks a trial inside a bracket (torchzero's `interpolation`).
enum class wolfe_interpolation { cubic, quadratic, bisection };
constexpr std::array<char const*, 3> enumerators(wolfe_interpolation) { return {"cubic", "quadratic", "bisection"}; }

namespace detail {
/// torch.optim.lbfgs's `_cubic_interpolate` with bounds: the minimizer of the cubic through
/// (x1, f1, g1) and (x2, f2, g2), clamped to [lo, hi]; their middle when the cubic has none.
inline double cubic_interpolate(double x1, double f1, double g1, double x2, double f2, double g2, double lo,
                                double hi) {
    double const d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
    double const d2_square = d1 * d1 - g1 * g2;
    if (!(d2_square >= 0)) return (lo + hi) / 2;
    double const d2 = std::sqrt(d2_square);
    double const m = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                              : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    double const above = lo > m ? lo : m;  // Python's max(m, lo) and min(·, hi): NaN passes
    return hi < above ? hi : above;
}
inline double clamp_to(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }
}  // namespace detail

struct strong_wolfe {
    double c1 = 1e-4;  ///< sufficient decrease
    double c2 = 0.9;   ///< strong curvature (0.1 for conjugate gradient)
    wolfe_init a_init = wolfe_init::fixed;
    double a_max = 1e12;       ///< the largest trial step
    double init_value = 1;     ///< the first trial under `fixed`, and every strategy's fallback
    long maxiter = 25;         ///< bracketing trials at most
    long maxzoom = 10;         ///< zoom trials at most
    long maxeval = 0;          ///< evaluations at most (0: no limit, torchzero's None)
    double tol_change = 1e-9;  ///< stop zooming when the bracket times ‖d‖ is below it
    wolfe_interpolation interpolation = wolfe_interpolation::cubic;
    bool adaptive = true;     ///< halve the next first trial after a failed search
    bool fallback = false;    ///< a failed search takes its lowest point below φ(0)
    bool plus_minus = false;  ///< search along +d when φ′(0) > 0

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr bool drives_closure = true, uses_grad = true, gradient_trials = true;
    static constexpr int state_slots = 0;
    // s (0: not set, 1), whether a search succeeded yet, and its step, φ(0) and φ′(0)
    static constexpr int reduce_slots = 5;
    static constexpr char const* name = "strong_wolfe";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"c1", &strong_wolfe::c1},
                          field{"c2", &strong_wolfe::c2},
                          field{"a_init", &strong_wolfe::a_init},
                          field{"a_max", &strong_wolfe::a_max},
                          field{"init_value", &strong_wolfe::init_value},
                          field{"maxiter", &strong_wolfe::maxiter},
                          field{"maxzoom", &strong_wolfe::maxzoom},
                          field{"maxeval", &strong_wolfe::maxeval},
                          field{"tol_change", &strong_wolfe::tol_change},
                          field{"interpolation", &strong_wolfe::interpolation},
                          field{"adaptive", &strong_wolfe::adaptive},
                          field{"fallback", &strong_wolfe::fallback},
                          field{"plus_minus", &strong_wolfe::plus_minus}};
    }

    constexpr void validate() const {
        detail::check(c1 > 0 && c1 < 1, "tzero: strong_wolfe: c1 must be in (0, 1)", c1);
        detail::check(c2 > c1 && c2 < 1, "tzero: strong_wolfe: c2 must be in (c1, 1)", c2);
        detail::check(a_max > 0, "tzero: strong_wolfe: a_max must be positive", a_max);
        detail::check(init_value > 0 && init_value - init_value == 0,
                      "tzero: strong_wolfe: init_value must be positive and finite", init_value);
        detail::check(maxiter >= 1, "tzero: strong_wolfe: maxiter must be >= 1", double(maxiter));
        detail::check(maxzoom >= 0, "tzero: strong_wolfe: maxzoom must be >= 0", double(maxzoom));
        detail::check(maxeval >= 0, "tzero: strong_wolfe: maxeval must be >= 0 (0: no limit)", double(maxeval));
        detail::check(tol_change >= 0, "tzero: strong_wolfe: tol_change must be >= 0", tol_change);
    }

    /// Closure evaluations a search makes at most (`describe_plan`).
    constexpr long max_trials() const {
        long const bound = maxiter + maxzoom;
        return maxeval > 0 && maxeval < bound ? maxeval : bound;
    }

    template <class S>
    double search(S& s, double* scalars) const {
        double const f0 = s.f0(), g0 = s.slope0(), guard = 2 * s.tiny();
        double const scale = scalars[0] == 0 ? 1 : scalars[0];
        bool const has_previous = scalars[1] != 0;
        double a = init_value;
        if (has_previous && g0 < -guard) {
            if (a_init == wolfe_init::first_order && scalars[4] < 0) a = scalars[2] * scalars[4] / g0;
            if ((a_init == wolfe_init::quadratic || a_init == wolfe_init::quadratic_clip) && f0 < scalars[3]) {
                a = 2 * (f0 - scalars[3]) / g0;
                if (a_init == wolfe_init::quadratic_clip) a = detail::python_min(1, 1.01 * a);
            }
        }
        if (a_init == wolfe_init::previous && has_previous) a = scalars[2];
        if (adaptive) a *= scale;

        run r{*this, s, f0, g0, s.d_norm(), plus_minus && g0 > 0};
        point found = r.bracket(a);
        bool ok = found.a == found.a && !(found.f > f0 || !std::isfinite(found.f));
        if (r.inverted) found.a = -found.a;
        if (fallback && (!ok || found.a == 0 || !std::isfinite(found.a)) && !r.history.empty()) {
            point lowest = r.history.front();  // Python's min: the first of the lowest
            for (point const& h : r.history)
                if (h.f < lowest.f) lowest = h;
            if (lowest.f < f0) found = lowest, found.a = r.inverted ? -lowest.a : lowest.a, ok = true;
        }
        if (ok && found.a != 0 && std::isfinite(found.a)) {
            scalars[0] = 0;
            scalars[1] = 1;
            scalars[2] = found.a, scalars[3] = f0, scalars[4] = g0;
            return found.a;
        }
        if (adaptive) scalars[0] = scale * 0.5 < guard ? init_value * 2 : scale * 0.5;
        return 0;
    }

  private:
    /// A trial: step, φ, φ′; `a` is NaN for "none found".
    struct point {
        double a, f, g;
    };

    /// One search: torchzero's `_StrongWolfe`, its trials remembered by step size.
    template <class S>
    struct run {
        strong_wolfe const& m;
        S& s;
        double f0, g0, d_norm;
        bool inverted;
        std::vector<point> history{};
        long evals = 0;

        static point none() { return {__builtin_nan(""), __builtin_nan(""), __builtin_nan("")}; }
        bool out_of_evaluations() const { return m.maxeval > 0 && evals >= m.maxeval; }

        point at(double a) {
            for (point const& h : history)
                if (h.a == a) return h;
            ++evals;
            auto const v = s.value_and_slope(inverted ? -a : a);
            history.push_back({a, v.value, inverted ? -v.slope : v.slope});
            return history.back();
        }
        double interpolate(point lo, point hi, double lower, double upper) const {
            switch (m.interpolation) {
                case wolfe_interpolation::cubic:
                    return detail::cubic_interpolate(lo.a, lo.f, lo.g, hi.a, hi.f, hi.g, lower, upper);
                case wolfe_interpolation::quadratic: {
                    double const a = hi.a - lo.a, denominator = 2 * (hi.f - lo.f - lo.g * a);
                    if (denominator > 1e-32) return detail::clamp_to(lo.g * a * a / -denominator, lower, upper);
                    break;
                }
                case wolfe_interpolation::bisection:
                    break;
            }
            return detail::clamp_to(lo.a + 0.5 * (hi.a - lo.a), lower, upper);
        }
        bool sufficient(point p) const { return !(p.f > f0 + m.c1 * p.a * g0); }
        bool curved(point p) const { return std::abs(p.g) <= -m.c2 * g0; }

        point zoom(point lo, point hi) {
            if (lo.a >= hi.a) std::swap(lo, hi);
            bool insufficient_progress = false;
            for (long i = 0; i < m.maxzoom; ++i) {
                if (out_of_evaluations()) break;
                if ((hi.a - lo.a) * d_norm < m.tol_change) break;
                if (!(std::isfinite(hi.f) && std::isfinite(hi.g))) {
                    hi = at(hi.a / 2);
                    continue;
                }
                double a = interpolate(lo, hi, lo.a, detail::python_min(hi.a, m.a_max));
                double const eps = 0.1 * (hi.a - lo.a);
                if (detail::python_min(hi.a - a, a - lo.a) < eps) {
                    if (insufficient_progress || a >= hi.a || a <= lo.a) {
                        a = std::abs(a - hi.a) < std::abs(a - lo.a) ? hi.a - eps : lo.a + eps;
                        insufficient_progress = false;
                    } else {
                        insufficient_progress = true;
                    }
                } else {
                    insufficient_progress = false;
                }
                point const j = at(a);
                if (!sufficient(j) || j.f > lo.f) {
                    hi = j;
                } else {
                    if (curved(j)) return j;
                    if (j.g * (hi.a - lo.a) >= 0) hi = lo;
                    lo = j;
                }
            }
            return none();
        }

        point bracket(double first) {
            double a = detail::python_min(first, m.a_max);
            point previous{0, f0, g0}, current = none();
            bool evaluated = false;
            for (long i = 0; i < m.maxiter; ++i) {
                if (out_of_evaluations()) break;
                current = at(a);
                evaluated = true;
                if (!sufficient(current) || (i > 0 && current.f > previous.f)) return zoom(previous, current);
                if (curved(current)) return current;
                if (current.g >= 0) return zoom(current, previous);
                double const lower = a + 0.01 * (a - previous.a), upper = a * 10;
                double const next = interpolate(previous, current, lower, detail::python_min(upper, m.a_max));
                previous = current;
                a = next;
            }
            // torchzero zooms from 0 to the next guess with the last trial's values
            if (evaluated && !out_of_evaluations()) return zoom({0, f0, g0}, {a, current.f, current.g});
            return none();
        }
    };
};

}  // namespace tzero
