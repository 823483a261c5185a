/// @file tzero/modules/line_search/adaptive_bisection.hpp
/// A line search that starts from the previous step and walks until φ stops decreasing: with
/// φ(t) = f(p0 − t·d) and t₁ = a·s (a the last accepted step, at first `init`; when t₁ < 2·tiny,
/// max/2 instead):
///   φ(t₁) > φ(0) or not finite:  t ← nminus·t while φ keeps falling (or is not finite)
///   otherwise:                   t ← nplus·t while φ keeps falling (and is finite)
/// each walk stopping after `maxiter` more trials; the last t before φ rose is accepted if its φ
/// is below φ(0) (halved by nminus when the forward walk's first step already rose), else the
/// step is 0, a ← init and, when `adaptive`, s ← s·nminus^maxiter (s ← 1 on success). Matches
/// torchzero `tz.m.AdaptiveBisection(init=1, nplus=2, nminus=0.5, maxiter=10, adaptive=True)`
/// (modules/line_search/adaptive.py).
/// kind: closure stage (core/closure.hpp): 1 gradient and up to maxiter + 1 losses per step;
/// 2 persistent scalars. state: none.
#pragma once
#include <cmath>
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct adaptive_bisection {
    double init = 1;       ///< the first step, and the step after a failure
    double nplus = 2;      ///< grows the step while φ falls
    double nminus = 0.5;   ///< shrinks the step while φ is above φ(0), and after a failure
    long maxiter = 10;     ///< trials after the first, at most
    bool adaptive = true;  ///< after a failed search, start lower

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr bool drives_closure = true, uses_grad = true;
    static constexpr int state_slots = 0;
    static constexpr int reduce_slots = 2;  // a (0: init) and s (0: not set, 1)
    static constexpr char const* name = "adaptive_bisection";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"init", &adaptive_bisection::init}, field{"nplus", &adaptive_bisection::nplus},
                          field{"nminus", &adaptive_bisection::nminus}, field{"maxiter", &adaptive_bisection::maxiter},
                          field{"adaptive", &adaptive_bisection::adaptive}};
    }

    constexpr void validate() const {
        detail::check(init > 0 && init - init == 0, "tzero: adaptive_bisection: init must be positive and finite",
                      init);
        detail::check(nplus > 1, "tzero: adaptive_bisection: nplus must be > 1", nplus);
        detail::check(nminus > 0 && nminus < 1, "tzero: adaptive_bisection: nminus must be in (0, 1)", nminus);
        detail::check(maxiter >= 0, "tzero: adaptive_bisection: maxiter must be >= 0", double(maxiter));
    }

    constexpr long max_trials() const { return maxiter + 1; }

    template <class S>
    double search(S& s, double* scalars) const {
        double const scale = scalars[1] == 0 ? 1 : scalars[1];
        double first = (scalars[0] == 0 ? init : scalars[0]) * (adaptive ? scale : 1);
        if (first < 2 * s.tiny()) first = s.max() / 2;
        // torchzero's adaptive_bisection: walk back while φ(t₁) is too high, else forward
        double const f0 = s.f0();
        double t = first, f = s.value(t), last = t, last_f = std::numeric_limits<double>::infinity();
        long left = maxiter, walked = 0;
        bool const back = f > f0 || !std::isfinite(f);
        while (back ? f < last_f || !std::isfinite(f) : f <= last_f && std::isfinite(f)) {
            last = t, last_f = f;
            if (--left < 0) break;
            t *= back ? nminus : nplus;
            f = s.value(t);
            ++walked;
        }
        if (last_f < f0) {
            scalars[1] = 0;
            if (walked == 1 && last >= first) last *= nminus;  // forward: the first step up already rose
            scalars[0] = last;
            return last;
        }
        scalars[1] = scale * std::pow(nminus, double(maxiter));  // kept while not adaptive, as torchzero
        scalars[0] = init;
        return 0;
    }
};

}  // namespace tzero
