/// @file tzero/modules/grad_approximation/forward_gradient.hpp
/// The forward gradient (Baydin et al. 2022): for each of n_samples random directions Δₖ
/// (variance 1 per element), the directional derivative along Δₖ, and
///   g = (1/n)·Σₖ Δₖ·dₖ,   dₖ = ‖Δₖ‖·(f(p + h·Δₖ/‖Δₖ‖) − f(p))/h          (formula forward)
///                          dₖ = ‖Δₖ‖·(f(p + h·Δₖ/‖Δₖ‖) − f(p − h·Δₖ/‖Δₖ‖))/2h   (central)
/// E[ΔΔᵀ] = I, so E[g] = ∇f to first order. It is randomized_fdm with the step taken along the
/// unit direction: h is a distance in parameter space whatever the dimension (randomized_fdm's
/// step h·Δₖ is h·√n long). ‖Δₖ‖ is √n for Rademacher directions and one reduction pass over the
/// regenerated draws otherwise; each perturbation is one fused pass from p0 and one pass writes g
/// from every sample's direction (randomized_fdm.hpp).
/// Matches torchzero `tz.m.ForwardGradient(n_samples=1, distribution='gaussian',
/// pre_generate=True, jvp_method='forward', h=1e-3)` (modules/grad_approximation/forward_gradient.py)
/// with `formula` as its `jvp_method` ('forward' or 'central'); its default, 'autograd', is a
/// forward-mode jvp, which a closure that returns values does not give. The draws are tzero's,
/// not torch's: parity is by statistics (tests/modules/grad_approximation).
/// kind: gradient approximator (first in its chain; step with `step(closure)`). state: none.
#pragma once
#include <tzero/modules/grad_approximation/randomized_fdm.hpp>

namespace tzero {

namespace detail {
struct forward_gradient_defaults {
    static constexpr char const* name = "forward_gradient";
    static constexpr double h = 1e-3;
    static constexpr long n_samples = 1;
    static constexpr fd_formula formula = fd_formula::forward;
    static constexpr sample_distribution distribution = sample_distribution::normal;
    static constexpr bool normalize = true;  // the step along Δₖ/‖Δₖ‖, the derivative times ‖Δₖ‖
};
}  // namespace detail

/// torchzero's `ForwardGradient` with finite-difference jvps.
using forward_gradient = basic_randomized_fdm<detail::forward_gradient_defaults>;

}  // namespace tzero
