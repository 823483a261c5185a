/// @file tzero/modules/grad_approximation/mezo.hpp
/// Memory-efficient zeroth-order optimization (Malladi et al. 2023): randomized finite differences
/// (randomized_fdm.hpp) with ±1 directions and the central formula, regenerated from a seed rather
/// than stored (as every tzero approximator's are).
/// Matches torchzero `tz.m.MeZO(h=1e-3, n_samples=1, formula='central2',
/// distribution='rademacher')` (modules/grad_approximation/rfdm.py). torchzero's uniform draws here
/// have variance h; tzero's are h·Δ with Δ of variance 1 (docs/modules/grad_approximation.md).
/// kind: gradient approximator (first in its chain; step with `step(closure)`). state: none.
#pragma once
#include <tzero/modules/grad_approximation/randomized_fdm.hpp>

namespace tzero {

namespace detail {
struct mezo_defaults {
    static constexpr char const* name = "mezo";
    static constexpr double h = 1e-3;
    static constexpr long n_samples = 1;
    static constexpr fd_formula formula = fd_formula::central;
    static constexpr sample_distribution distribution = sample_distribution::rademacher;
};
}  // namespace detail

/// torchzero's `MeZO`.
using mezo = basic_randomized_fdm<detail::mezo_defaults>;

}  // namespace tzero
