/// @file tzero/modules/misc/log_homotopy.hpp
/// LogHomotopy: the chain minimizes log(f + 10⁻¹²) in place of the closure's f (f ≥ 0).
///   loss ← log(f + 10⁻¹²),   g ← ∇f / (f + 10⁻¹²)
/// Each evaluation is one closure call and one pass over the gradient (modules/detail/homotopy.hpp);
/// `step(closure)` returns the closure's first f, as torchzero's. A negative f gives NaN, as in
/// torch. Matches torchzero `tz.m.LogHomotopy()` (modules/misc/homotopy.py).
/// kind: gradient approximator (first in its chain; step with `step(closure)`). state: none.
#pragma once
#include <cmath>

#include <tzero/modules/detail/homotopy.hpp>

namespace tzero {

namespace detail {
struct log_homotopy_h {
    static constexpr char const* name = "log_homotopy";
    static double value(double f) { return std::log(f + 1e-12); }
    static double slope(double f) { return 1 / (f + 1e-12); }
};
}  // namespace detail

using log_homotopy = basic_homotopy<detail::log_homotopy_h>;

}  // namespace tzero
