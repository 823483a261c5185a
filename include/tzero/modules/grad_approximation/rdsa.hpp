/// @file tzero/modules/grad_approximation/rdsa.hpp
/// Random-direction stochastic approximation: randomized finite differences (randomized_fdm.hpp)
/// with normal directions and the central formula.
/// Matches torchzero `tz.m.RDSA(h=1e-3, n_samples=1, formula='central2', distribution='gaussian')`
/// (modules/grad_approximation/rfdm.py).
/// kind: gradient approximator (first in its chain; step with `step(closure)`). state: none.
#pragma once
#include <tzero/modules/grad_approximation/randomized_fdm.hpp>

namespace tzero {

namespace detail {
struct rdsa_defaults {
    static constexpr char const* name = "rdsa";
    static constexpr double h = 1e-3;
    static constexpr long n_samples = 1;
    static constexpr fd_formula formula = fd_formula::central;
    static constexpr sample_distribution distribution = sample_distribution::normal;
};
}  // namespace detail

/// torchzero's `RDSA`.
using rdsa = basic_randomized_fdm<detail::rdsa_defaults>;

}  // namespace tzero
