/// @file tzero/modules/line_search/adaptive_backtracking.hpp
/// Backtracking whose first trial and shrink factor adapt, so that the accepted step is expected
/// at trial `target_iters` + 1: with φ(t) = f(p0 − t·d), the search of `backtracking` (see there)
/// from t = init·s with factor β·b, then
///   accepted at its first trial:  s ← min(s·nplus^target_iters, max/2)
///   accepted at t otherwise:      s ← s + (1 − scale_beta)·(t/(β·b)/(init·s) − s)
///                                 (t itself when target_iters = 0, as torchzero's loop)
///   accepted:                     b ← min(1, b·√1.5)
///   failed (steps 0):             b ← b/1.5
/// s and b start at 1 (the module's two persistent scalars). Matches torchzero
/// `tz.m.AdaptiveBacktracking(init=1, beta=0.5, c=1e-4, condition='armijo', maxiter=20,
/// target_iters=1, nplus=2, scale_beta=0)` (modules/line_search/backtracking.py).
/// kind: closure stage (core/closure.hpp): 1 gradient and up to `maxiter` losses per step;
/// 2 persistent scalars. state: none.
#pragma once
#include <cmath>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>
#include <tzero/modules/detail/line_search.hpp>

namespace tzero {

struct adaptive_backtracking {
    double init = 1;
    double beta = 0.5;
    double c = 1e-4;
    line_search_condition condition = line_search_condition::armijo;
    long maxiter = 20;
    long target_iters = 1;  ///< the trial the next search should accept at, after the first
    double nplus = 2;       ///< grows s when the first trial was accepted
    double scale_beta = 0;  ///< momentum of s

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr bool drives_closure = true, uses_grad = true;
    static constexpr int state_slots = 0;
    static constexpr int reduce_slots = 2;  // b and s (0: not set, 1)
    static constexpr char const* name = "adaptive_backtracking";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"init", &adaptive_backtracking::init},
                          field{"beta", &adaptive_backtracking::beta},
                          field{"c", &adaptive_backtracking::c},
                          field{"condition", &adaptive_backtracking::condition},
                          field{"maxiter", &adaptive_backtracking::maxiter},
                          field{"target_iters", &adaptive_backtracking::target_iters},
                          field{"nplus", &adaptive_backtracking::nplus},
                          field{"scale_beta", &adaptive_backtracking::scale_beta}};
    }

    constexpr void validate() const {
        detail::check(init > 0 && init - init == 0, "tzero: adaptive_backtracking: init must be positive and finite",
                      init);
        detail::check(beta > 0 && beta < 1, "tzero: adaptive_backtracking: beta must be in (0, 1)", beta);
        detail::check(c >= 0 && c < 1, "tzero: adaptive_backtracking: c must be in [0, 1)", c);
        detail::check(maxiter >= 1, "tzero: adaptive_backtracking: maxiter must be >= 1", double(maxiter));
        detail::check(target_iters >= 0, "tzero: adaptive_backtracking: target_iters must be >= 0",
                      double(target_iters));
        detail::check(nplus >= 1, "tzero: adaptive_backtracking: nplus must be >= 1", nplus);
        detail::check(scale_beta >= 0 && scale_beta < 1, "tzero: adaptive_backtracking: scale_beta must be in [0, 1)",
                      scale_beta);
    }

    constexpr long max_trials() const { return maxiter; }

    template <class S>
    double search(S& s, double* scalars) const {
        double const b = scalars[0] == 0 ? 1 : scalars[0], scale = scalars[1] == 0 ? 1 : scalars[1];
        double const factor = beta * b, first = init * scale;
        double const t = detail::backtrack(s, first, factor, c, condition, maxiter, c == 0 ? 0 : s.slope0());
        if (!(t == t)) {
            scalars[0] = b / 1.5;
            return 0;
        }
        if (t == first && target_iters > 0) {
            scalars[1] = detail::python_min(scale * std::pow(nplus, double(target_iters)), s.max() / 2);
        } else {
            double const target = target_iters > 0 ? t / factor : t;
            scalars[1] = scale + (1 - scale_beta) * (target / first - scale);
        }
        scalars[0] = detail::python_min(1, b * std::sqrt(1.5));
        return t;
    }
};

}  // namespace tzero
