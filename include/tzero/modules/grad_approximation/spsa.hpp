/// @file tzero/modules/grad_approximation/spsa.hpp
/// Simultaneous perturbation stochastic approximation (Spall 1992): randomized finite differences
/// (randomized_fdm.hpp) with ±1 directions and the central formula.
/// Matches torchzero `tz.m.SPSA(h=1e-3, n_samples=1, formula='central', distribution='rademacher')`
/// (modules/grad_approximation/rfdm.py). The same defaults as randomized_fdm.
/// kind: gradient approximator (first in its chain; step with `step(closure)`). state: none.
#pragma once
#include <tzero/modules/grad_approximation/randomized_fdm.hpp>

namespace tzero {

namespace detail {
struct spsa_defaults {
    static constexpr char const* name = "spsa";
    static constexpr double h = 1e-3;
    static constexpr long n_samples = 1;
    static constexpr fd_formula formula = fd_formula::central;
    static constexpr sample_distribution distribution = sample_distribution::rademacher;
};
}  // namespace detail

/// torchzero's `SPSA`.
using spsa = basic_randomized_fdm<detail::spsa_defaults>;

}  // namespace tzero
