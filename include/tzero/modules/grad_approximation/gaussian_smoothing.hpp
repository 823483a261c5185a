/// @file tzero/modules/grad_approximation/gaussian_smoothing.hpp
/// Gaussian smoothing (Nesterov & Spokoiny 2017): randomized finite differences
/// (randomized_fdm.hpp) with 100 normal directions, h = 1e-2 and the forward formula: the gradient
/// of f smoothed by a Gaussian of width h.
/// Matches torchzero `tz.m.GaussianSmoothing(h=1e-2, n_samples=100, formula='forward2',
/// distribution='gaussian')` (modules/grad_approximation/rfdm.py).
/// kind: gradient approximator (first in its chain; step with `step(closure)`). state: none.
#pragma once
#include <tzero/modules/grad_approximation/randomized_fdm.hpp>

namespace tzero {

namespace detail {
struct gaussian_smoothing_defaults {
    static constexpr char const* name = "gaussian_smoothing";
    static constexpr double h = 1e-2;
    static constexpr long n_samples = 100;
    static constexpr fd_formula formula = fd_formula::forward;
    static constexpr sample_distribution distribution = sample_distribution::normal;
};
}  // namespace detail

/// torchzero's `GaussianSmoothing`.
using gaussian_smoothing = basic_randomized_fdm<detail::gaussian_smoothing_defaults>;

}  // namespace tzero
