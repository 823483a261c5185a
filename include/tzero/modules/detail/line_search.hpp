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

}  // namespace detail
}  // namespace tzero
