/// @file tzero/modules/misc/exp_homotopy.hpp
/// ExpHomotopy: the chain minimizes exp(f) in place of the closure's f.
///   loss ← exp(f),   g ← exp(f)·∇f
/// Each evaluation is one closure call and one pass over the gradient (modules/detail/homotopy.hpp);
/// `step(closure)` returns the closure's first f, as torchzero's. Matches torchzero
/// `tz.m.ExpHomotopy()` (modules/misc/homotopy.py; autograd's exp backward multiplies by the result).
/// kind: gradient approximator (first in its chain; step with `step(closure)`). state: none.
#pragma once
#include <cmath>

#include <tzero/modules/detail/homotopy.hpp>

namespace tzero {

namespace detail {
struct exp_homotopy_h {
    static constexpr char const* name = "exp_homotopy";
    static double value(double f) { return std::exp(f); }
    static double slope(double f) { return std::exp(f); }
};
}  // namespace detail

using exp_homotopy = basic_homotopy<detail::exp_homotopy_h>;

}  // namespace tzero
