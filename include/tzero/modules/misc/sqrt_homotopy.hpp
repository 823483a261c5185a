/// @file tzero/modules/misc/sqrt_homotopy.hpp
/// SqrtHomotopy: the chain minimizes √(f + 10⁻¹²) in place of the closure's f (f ≥ 0).
///   loss ← r = √(f + 10⁻¹²),   g ← ∇f / (2r)
/// Each evaluation is one closure call and one pass over the gradient (modules/detail/homotopy.hpp);
/// `step(closure)` returns the closure's first f, as torchzero's. A negative f gives NaN, as in
/// torch. Matches torchzero `tz.m.SqrtHomotopy()` (modules/misc/homotopy.py; autograd's sqrt
/// backward divides by twice the result).
/// kind: gradient approximator (first in its chain; step with `step(closure)`). state: none.
#pragma once
#include <cmath>

#include <tzero/modules/detail/homotopy.hpp>

namespace tzero {

namespace detail {
struct sqrt_homotopy_h {
    static constexpr char const* name = "sqrt_homotopy";
    static double value(double f) { return std::sqrt(f + 1e-12); }
    static double slope(double f) { return 1 / (2 * std::sqrt(f + 1e-12)); }
};
}  // namespace detail

using sqrt_homotopy = basic_homotopy<detail::sqrt_homotopy_h>;

}  // namespace tzero
