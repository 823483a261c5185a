/// @file tzero/modules/misc/terminate_on_no_improvement.hpp
/// TerminateOnNoImprovement: stop when the loss stops falling.
///   first step: f_min ← f, no hit;   later: hit ⇔ f_min − f ≤ tol, then f_min ← min(f_min, f);
///   stop after `n` hits in a row
/// f is the step's loss (its first evaluation's); a NaN loss is a miss and leaves f_min. A
/// termination criterion (core/termination.hpp): an identity on the update, asked after every
/// step. Matches torchzero `tz.m.TerminateOnNoImprovement(tol=1e-8, n=10)`
/// (modules/termination/termination.py), whose f_min becomes NaN after a NaN loss.
/// kind: termination criterion. state: none (host: f_min, and the hits in a row).
#pragma once
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct terminate_on_no_improvement {
    double tol = 1e-8;  ///< a fall of at most this is no improvement
    long n = 10;        ///< hits in a row to stop

    using kind = elementwise;
    static constexpr bool terminates = true;
    static constexpr int state_slots = 0, host_slots = 2;  // f_min, whether it is set
    static constexpr char const* name = "terminate_on_no_improvement";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"tol", &terminate_on_no_improvement::tol}, field{"n", &terminate_on_no_improvement::n}};
    }
    constexpr void validate() const {
        detail::check(tol == tol, "tzero: terminate_on_no_improvement: tol must be a number", tol);
        detail::check(n >= 1, "tzero: terminate_on_no_improvement: n must be 1 or more", double(n));
    }

    template <class C>
    bool criterion(C const& ctx, double* s, int) const {
        double const f = ctx.loss;
        if (f != f) return false;
        if (s[1] == 0) {
            s[0] = f, s[1] = 1;
            return false;
        }
        bool const hit = s[0] - f <= tol;
        if (f < s[0]) s[0] = f;
        return hit;
    }
    template <class V, class E, class K>
    TZERO_HD V apply(V u, E const&, K const&) const {
        return u;
    }
};

}  // namespace tzero
