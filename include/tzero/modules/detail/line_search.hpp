/// @file tzero/modules/detail/line_search.hpp
/// What torchzero's line searches share (modules/line_search/line_search.py): the acceptance
/// conditions on φ(t) = f(p0 − t·d), with φ(0) = f0 and φ′(0) = slope0 (= −gᵀd).
#pragma once
#include <array>
#include <cmath>

namespace tzero {

/// The loss-only acceptance conditions of a backtracking search (torchzero's `condition`).
enum class line_search_condition { armijo, goldstein, decrease };
constexpr std::array<char const*, 3> enumerators(line_search_condition) { return {"armijo", "goldstein", "decrease"}; }

namespace detail {

/// Python's min(a, b): a unless b < a (so a NaN `a` stays), as torchzero's searches compare.
inline double python_min(double a, double b) { return b < a ? b : a; }

/// Sufficient decrease (Armijo): φ(t) < φ(0) + c·t·min(φ′(0), 0).
inline bool sufficient_decrease(double f0, double slope0, double f, double t, double c) {
    return f < f0 + c * t * (slope0 < 0 ? slope0 : 0);
}

/// Does φ(t) = f pass `condition` (never for a non-finite f)? torchzero's `termination_condition`.
inline bool accepts(line_search_condition condition, double f0, double slope0, double f, double t, double c) {
    if (!std::isfinite(f)) return false;
    switch (condition) {
        case line_search_condition::armijo:
            return sufficient_decrease(f0, slope0, f, t, c);
        case line_search_condition::goldstein: {
            double const s = slope0 < 0 ? slope0 : 0;
            return f0 + (1 - c) * t * s < f && f < f0 + c * t * s;
        }
        case line_search_condition::decrease:
            return f < f0;
    }
    return false;
}

/// torchzero's `backtracking_line_search`: from t = `first`, up to `maxiter` trials of φ(t),
/// t ← β·t after each non-finite or unacceptable one; returns the accepted t, the previous t
/// when a trial rises above a previous one that was below φ(0), or NaN when none passes.
template <class S>
double backtrack(S& s, double first, double beta, double c, line_search_condition condition, long maxiter,
                 double slope0) {
    double t = first, previous = 0;
    bool has_previous = false;
    for (long i = 0; i < maxiter; ++i) {
        double const f = s.value(t);
        if (!std::isfinite(f)) {
            t *= beta;
            continue;
        }
        if (has_previous && f > previous && previous < s.f0()) return t / beta;
        if (accepts(condition, s.f0(), slope0, f, t, c)) return t;
        previous = f, has_previous = true;
        t *= beta;
    }
    return __builtin_nan("");
}

}  // namespace detail
}  // namespace tzero
