/// @file tzero/modules/line_search/scipy_minimize_scalar.hpp
/// A line search by one-dimensional minimization of φ(t) = f(p0 − t·d) along the update d of the
/// modules before it, with SciPy's `minimize_scalar` methods written out (SciPy 1.10's
/// `optimize/_optimize.py`, its operations in its order, so the trial points are SciPy's):
///   brent    bracket (below), then Brent's parabolic interpolation with golden-section steps
///            (relative tolerance `tol`, default 1.48e-8; `maxiter` iterations, default 500)
///   golden   bracket, then golden-section search (tol default √ε of double; maxiter 5000)
///   bounded  Brent's bounded method (fminbound) on [lower, upper] (absolute tolerance `tol`,
///            default 1e-5; `maxiter` evaluations, default 500)
/// The bracket search (`scipy.optimize.bracket`) starts from (xa, xb) = (bracket_a, bracket_b),
/// by default (0, 1), and walks downhill by golden-ratio growth and parabolic extrapolation
/// (limit 110·); a third point `bracket_c` makes (xa, xb, xc) a given bracket, which must have
/// xa < xb < xc (after ordering xa, xc) and φ(xb) below φ(xa) and φ(xc). With `prev_init`, the
/// last point of the bracket is the previous step's step size. φ(0) is the step's loss (no
/// evaluation); a non-finite or huge result (|t| ≥ max/2 of the parameters' type) steps 0.
/// Matches torchzero `tz.m.ScipyMinimizeScalar(method=None, maxiter=None, bracket=None,
/// bounds=None, tol=None, prev_init=False)` (modules/line_search/scipy.py), which calls SciPy.
/// kind: closure stage (core/closure.hpp): loss-only trials; 2 persistent scalars (whether a
/// previous step size exists, and it). state: none.
#pragma once
#include <array>
#include <cmath>
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

/// Which of SciPy's scalar minimizers (`minimize_scalar`'s `method`).
enum class scalar_method { brent, golden, bounded };
constexpr std::array<char const*, 3> enumerators(scalar_method) { return {"brent", "golden", "bounded"}; }

namespace detail {
/// A bracketing triple and its values (SciPy's `bracket` return, without the call count).
struct scalar_bracket {
    double xa, xb, xc, fa, fb, fc;
};

/// `scipy.optimize.bracket(func, xa, xb)`: downhill from (xa, xb) until φ(xb) ≤ φ(xc).
template <class F>
scalar_bracket find_bracket(F& phi, double xa, double xb) {
    constexpr double gold = 1.618034, very_small = 1e-21, grow_limit = 110.0;
    constexpr long maxiter = 1000;
    double fa = phi(xa), fb = phi(xb);
    if (fa < fb) std::swap(xa, xb), std::swap(fa, fb);
    double xc = xb + gold * (xb - xa);
    double fc = phi(xc);
    long iter = 0;
    while (fc < fb) {
        double const tmp1 = (xb - xa) * (fb - fc), tmp2 = (xb - xc) * (fb - fa);
        double const val = tmp2 - tmp1;
        double const denom = std::abs(val) < very_small ? 2.0 * very_small : 2.0 * val;
        double w = xb - ((xb - xc) * tmp2 - (xb - xa) * tmp1) / denom;
        double const wlim = xb + grow_limit * (xc - xb);
        if (iter > maxiter) throw error("tzero: scipy_minimize_scalar: the bracket search made too many iterations");
        ++iter;
        double fw = 0;
        if ((w - xc) * (xb - w) > 0.0) {
            fw = phi(w);
            if (fw < fc) return {xb, w, xc, fb, fw, fc};
            if (fw > fb) return {xa, xb, w, fa, fb, fw};
            w = xc + gold * (xc - xb);
            fw = phi(w);
        } else if ((w - wlim) * (wlim - xc) >= 0.0) {
            w = wlim;
            fw = phi(w);
        } else if ((w - wlim) * (xc - w) > 0.0) {
            fw = phi(w);
            if (fw < fc) {
                xb = xc, xc = w, w = xc + gold * (xc - xb);
                fb = fc, fc = fw, fw = phi(w);
            }
        } else {
            w = xc + gold * (xc - xb);
            fw = phi(w);
        }
        xa = xb, xb = xc, xc = w;
        fa = fb, fb = fc, fc = fw;
    }
    return {xa, xb, xc, fa, fb, fc};
}
}  // namespace detail

struct scipy_minimize_scalar {
    scalar_method method = scalar_method::brent;  ///< torchzero's None: brent (bounded when given bounds)
    long maxiter = 0;                             ///< 0: the method's default (brent 500, golden 5000, bounded 500)
    double bracket_a = 0;                         ///< the bracket search's first point
    double bracket_b = 1;                         ///< its second
    double bracket_c = std::numeric_limits<double>::quiet_NaN();  ///< a given bracket's third (NaN: search)
    double lower = std::numeric_limits<double>::quiet_NaN();      ///< bounded's interval
    double upper = std::numeric_limits<double>::quiet_NaN();
    double tol = std::numeric_limits<double>::quiet_NaN();  ///< NaN: the method's default
    bool prev_init = false;                                 ///< the previous step size as the bracket's last point

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr bool drives_closure = true, uses_grad = true;
    static constexpr int state_slots = 0;
    static constexpr int reduce_slots = 2;  // whether a previous step size exists, and it
    static constexpr char const* name = "scipy_minimize_scalar";
    static constexpr auto hyperparameters() {
        using self = scipy_minimize_scalar;
        return std::tuple{field{"method", &self::method},       field{"maxiter", &self::maxiter},
                          field{"bracket_a", &self::bracket_a}, field{"bracket_b", &self::bracket_b},
                          field{"bracket_c", &self::bracket_c}, field{"lower", &self::lower},
                          field{"upper", &self::upper},         field{"tol", &self::tol},
                          field{"prev_init", &self::prev_init}};
    }

    constexpr void validate() const {
        detail::check(maxiter >= 0, "tzero: scipy_minimize_scalar: maxiter must be >= 0 (0: the method's default)",
                      double(maxiter));
        detail::check(tol != tol || tol >= 0, "tzero: scipy_minimize_scalar: tol must be >= 0 or NaN (the default)",
                      tol);
        detail::check(bracket_a - bracket_a == 0 && bracket_b - bracket_b == 0,
                      "tzero: scipy_minimize_scalar: bracket_a and bracket_b must be finite", bracket_a + bracket_b);
        if (method == scalar_method::bounded) {
            detail::check(lower - lower == 0 && upper - upper == 0,
                          "tzero: scipy_minimize_scalar: bounded needs finite lower and upper bounds", lower + upper);
            detail::check(lower <= upper, "tzero: scipy_minimize_scalar: the lower bound exceeds the upper bound",
                          lower);
        }
    }

    /// Closure evaluations a search makes at most (`describe_plan`): the bracket's are unbounded
    /// in SciPy (up to 1000 growth steps); this counts the minimizer's.
    constexpr long max_trials() const { return maxiter ? maxiter : method == scalar_method::golden ? 5000 : 500; }

    /// The step size; `scalars` holds whether a previous step size exists, and it.
    template <class S>
    double search(S& s, double* scalars) const {
        auto phi = [&s](double t) { return s.value(t); };
        double t = 0;
        if (method == scalar_method::bounded) t = bounded(phi);
        else {
            double a = bracket_a, b = bracket_b, c = bracket_c;
            if (prev_init && scalars[0] != 0) (c == c ? c : b) = scalars[1];  // the bracket's last point
            detail::scalar_bracket const k = c == c ? given_bracket(phi, a, b, c) : detail::find_bracket(phi, a, b);
            t = method == scalar_method::brent ? brent(phi, k) : golden(phi, k);
        }
        if (!(t - t == 0) || std::abs(t) >= s.max() / 2) t = 0;
        scalars[0] = 1, scalars[1] = t;
        return t;
    }

  private:
    template <class F>
    static detail::scalar_bracket given_bracket(F& phi, double xa, double xb, double xc) {
        if (xa > xc) std::swap(xa, xc);
        if (!(xa < xb && xb < xc))
            throw error("tzero: scipy_minimize_scalar: the bracket (xa, xb, xc) must have xa < xb < xc");
        double const fa = phi(xa), fb = phi(xb), fc = phi(xc);
        if (!(fb < fa && fb < fc))
            throw error("tzero: scipy_minimize_scalar: the bracket (xa, xb, xc) must have f(xb) below f(xa) and f(xc)");
        return {xa, xb, xc, fa, fb, fc};
    }

    /// SciPy's `Brent.optimize`.
    template <class F>
    double brent(F& phi, detail::scalar_bracket const& k) const {
        double const xtol = tol == tol ? tol : 1.48e-8;
        constexpr double mintol = 1.0e-11, cg = 0.3819660;
        long const iterations = maxiter ? maxiter : 500;
        double x = k.xb, w = k.xb, v = k.xb, fx = k.fb, fw = k.fb, fv = k.fb;
        double a = k.xa < k.xc ? k.xa : k.xc, b = k.xa < k.xc ? k.xc : k.xa;
        double deltax = 0, rat = 0;
        for (long iter = 0; iter < iterations; ++iter) {
            double const tol1 = xtol * std::abs(x) + mintol, tol2 = 2.0 * tol1, xmid = 0.5 * (a + b);
            if (std::abs(x - xmid) < (tol2 - 0.5 * (b - a))) break;
            if (std::abs(deltax) <= tol1) {
                deltax = x >= xmid ? a - x : b - x;  // a golden-section step
                rat = cg * deltax;
            } else {  // a parabolic step
                double const tmp1 = (x - w) * (fx - fv);
                double tmp2 = (x - v) * (fx - fw);
                double p = (x - v) * tmp2 - (x - w) * tmp1;
                tmp2 = 2.0 * (tmp2 - tmp1);
                if (tmp2 > 0.0) p = -p;
                tmp2 = std::abs(tmp2);
                double const dx_temp = deltax;
                deltax = rat;
                if (p > tmp2 * (a - x) && p < tmp2 * (b - x) && std::abs(p) < std::abs(0.5 * tmp2 * dx_temp)) {
                    rat = p * 1.0 / tmp2;  // the parabolic step is useful
                    double const u = x + rat;
                    if ((u - a) < tol2 || (b - u) < tol2) rat = xmid - x >= 0 ? tol1 : -tol1;
                } else {
                    deltax = x >= xmid ? a - x : b - x;
                    rat = cg * deltax;
                }
            }
            double const u = std::abs(rat) < tol1 ? (rat >= 0 ? x + tol1 : x - tol1) : x + rat;
            double const fu = phi(u);
            if (fu > fx) {
                (u < x ? a : b) = u;
                if (fu <= fw || w == x) {
                    v = w, w = u, fv = fw, fw = fu;
                } else if (fu <= fv || v == x || v == w) {
                    v = u, fv = fu;
                }
            } else {
                (u >= x ? a : b) = x;
                v = w, w = x, x = u;
                fv = fw, fw = fx, fx = fu;
            }
        }
        return x;
    }

    /// SciPy's `_minimize_scalar_golden`.
    template <class F>
    double golden(F& phi, detail::scalar_bracket const& k) const {
        double const xtol = tol == tol ? tol : std::sqrt(std::numeric_limits<double>::epsilon());
        constexpr double gr = 0.61803399, gc = 1.0 - gr;
        long const iterations = maxiter ? maxiter : 5000;
        double x0 = k.xa, x1 = 0, x2 = 0, x3 = k.xc;
        if (std::abs(k.xc - k.xb) > std::abs(k.xb - k.xa)) x1 = k.xb, x2 = k.xb + gc * (k.xc - k.xb);
        else x2 = k.xb, x1 = k.xb - gc * (k.xb - k.xa);
        double f1 = phi(x1), f2 = phi(x2);
        for (long i = 0; i < iterations; ++i) {
            if (std::abs(x3 - x0) <= xtol * (std::abs(x1) + std::abs(x2))) break;
            if (f2 < f1) {
                x0 = x1, x1 = x2, x2 = gr * x1 + gc * x3;
                f1 = f2, f2 = phi(x2);
            } else {
                x3 = x2, x2 = x1, x1 = gr * x2 + gc * x0;
                f2 = f1, f1 = phi(x1);
            }
        }
        return f1 < f2 ? x1 : x2;
    }

    /// SciPy's `_minimize_scalar_bounded` (fminbound).
    template <class F>
    double bounded(F& phi) const {
        double const xatol = tol == tol ? tol : 1e-5;
        long const maxfun = maxiter ? maxiter : 500;
        double const sqrt_eps = std::sqrt(2.2e-16), golden_mean = 0.5 * (3.0 - std::sqrt(5.0));
        double a = lower, b = upper;
        double fulc = a + golden_mean * (b - a), nfc = fulc, xf = fulc;
        double rat = 0, e = 0, x = xf;
        double fx = phi(x);
        long num = 1;
        double ffulc = fx, fnfc = fx;
        double xm = 0.5 * (a + b), tol1 = sqrt_eps * std::abs(xf) + xatol / 3.0, tol2 = 2.0 * tol1;
        auto const sign = [](double y) { return double((y > 0) - (y < 0)) + (y == 0 ? 1.0 : 0.0); };
        while (std::abs(xf - xm) > (tol2 - 0.5 * (b - a))) {
            bool golden = true;
            if (std::abs(e) > tol1) {  // a parabolic step, if it is useful
                golden = false;
                double r = (xf - nfc) * (fx - ffulc);
                double q = (xf - fulc) * (fx - fnfc);
                double p = (xf - fulc) * q - (xf - nfc) * r;
                q = 2.0 * (q - r);
                if (q > 0.0) p = -p;
                q = std::abs(q);
                r = e;
                e = rat;
                if (std::abs(p) < std::abs(0.5 * q * r) && p > q * (a - xf) && p < q * (b - xf)) {
                    rat = (p + 0.0) / q;
                    x = xf + rat;
                    if ((x - a) < tol2 || (b - x) < tol2) rat = tol1 * sign(xm - xf);
                } else {
                    golden = true;
                }
            }
            if (golden) {
                e = xf >= xm ? a - xf : b - xf;
                rat = golden_mean * e;
            }
            x = xf + sign(rat) * std::max(std::abs(rat), tol1);
            double const fu = phi(x);
            ++num;
            if (fu <= fx) {
                (x >= xf ? a : b) = xf;
                fulc = nfc, ffulc = fnfc;
                nfc = xf, fnfc = fx;
                xf = x, fx = fu;
            } else {
                (x < xf ? a : b) = x;
                if (fu <= fnfc || nfc == xf) {
                    fulc = nfc, ffulc = fnfc;
                    nfc = x, fnfc = fu;
                } else if (fu <= ffulc || fulc == xf || fulc == nfc) {
                    fulc = x, ffulc = fu;
                }
            }
            xm = 0.5 * (a + b);
            tol1 = sqrt_eps * std::abs(xf) + xatol / 3.0;
            tol2 = 2.0 * tol1;
            if (num >= maxfun) break;
        }
        return xf;
    }
};

}  // namespace tzero
