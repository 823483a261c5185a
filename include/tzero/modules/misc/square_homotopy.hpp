/// @file tzero/modules/misc/square_homotopy.hpp
/// SquareHomotopy: the chain minimizes f·|f| (f², with f's sign) in place of the closure's f.
///   loss ← f·|f|,   g ← 2|f|·∇f
/// Each evaluation is one closure call and one pass over the gradient (modules/detail/homotopy.hpp);
/// `step(closure)` returns the closure's first f, as torchzero's. Matches torchzero
/// `tz.m.SquareHomotopy()` (modules/misc/homotopy.py: `loss.square().copysign(loss)`).
/// kind: gradient approximator (first in its chain; step with `step(closure)`). state: none.
#pragma once
#include <cmath>

#include <tzero/modules/detail/homotopy.hpp>

namespace tzero {

namespace detail {
struct square_homotopy_h {
    static constexpr char const* name = "square_homotopy";
    static double value(double f) { return std::copysign(f * f, f); }
    static double slope(double f) { return 2 * std::abs(f); }
};
}  // namespace detail

using square_homotopy = basic_homotopy<detail::square_homotopy_h>;

}  // namespace tzero
