/// @file tzero/modules/line_search/backtracking.hpp
/// Backtracking line search: with φ(t) = f(p0 − t·d) along the update d of the modules before it,
///   t ← init·s;  for up to maxiter trials:  accept t if φ(t) passes `condition`
///   (armijo: φ(t) < φ(0) + c·t·min(φ′(0), 0));  else t ← β·t
/// where a non-finite φ(t) only shrinks t, and a trial worse than the one before, which was below
/// φ(0), returns that previous t (t/β). A failed search steps 0 (no move) and, when `adaptive`,
/// starts the next search β^maxiter lower (s ← s·β^maxiter; s ← 1 on success; when s has fallen
/// to 2·tiny of the parameters' type, s ← 2·init·s, torchzero's restart). φ′(0) = −gᵀd is summed in
/// the pass that writes d (0 when c = 0). Matches torchzero `tz.m.Backtracking(init=1, beta=0.5,
/// c=1e-4, condition='armijo', maxiter=10, adaptive=True)` (modules/line_search/backtracking.py).
/// kind: closure stage (core/closure.hpp): 1 gradient and up to `maxiter` losses per step;
/// 1 persistent scalar (s). state: none.
#pragma once
#include <cmath>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>
#include <tzero/modules/detail/line_search.hpp>

namespace tzero {

struct backtracking {
    double init = 1;    ///< the first trial step size
    double beta = 0.5;  ///< each failed trial multiplies t by it
    double c = 1e-4;    ///< the sufficient-decrease constant
    line_search_condition condition = line_search_condition::armijo;
    long maxiter = 10;     ///< closure evaluations per step at most
    bool adaptive = true;  ///< after a failed search, continue shrinking from where it stopped

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr bool drives_closure = true, uses_grad = true;
    static constexpr int state_slots = 0;
    static constexpr int reduce_slots = 1;  // s, the scale of the next first trial (0: not set, 1)
    static constexpr char const* name = "backtracking";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"init", &backtracking::init},
                          field{"beta", &backtracking::beta},
                          field{"c", &backtracking::c},
                          field{"condition", &backtracking::condition},
                          field{"maxiter", &backtracking::maxiter},
                          field{"adaptive", &backtracking::adaptive}};
    }

    constexpr void validate() const {
        detail::check(init > 0 && init - init == 0, "tzero: backtracking: init must be positive and finite", init);
        detail::check(beta > 0 && beta < 1, "tzero: backtracking: beta must be in (0, 1)", beta);
        detail::check(c >= 0 && c < 1, "tzero: backtracking: c must be in [0, 1)", c);
        detail::check(maxiter >= 1, "tzero: backtracking: maxiter must be >= 1", double(maxiter));
    }

    /// Closure evaluations a search makes at most (`describe_plan`).
    constexpr long max_trials() const { return maxiter; }

    /// The step size; `scalars[0]` is s (0 until a search fails: torchzero's default scale 1).
    template <class S>
    double search(S& s, double* scalars) const {
        double const scale = scalars[0] == 0 ? 1 : scalars[0];
        double const first = adaptive ? init * scale : init;
        double const t = detail::backtrack(s, first, beta, c, condition, maxiter, c == 0 ? 0 : s.slope0());
        if (t == t) {
            scalars[0] = 0;
            return t;
        }
        if (adaptive) scalars[0] = scale <= 2 * s.tiny() ? first * 2 : scale * std::pow(beta, double(maxiter));
        return 0;
    }
};

}  // namespace tzero
