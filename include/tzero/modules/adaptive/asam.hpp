/// @file tzero/modules/adaptive/asam.hpp
/// Adaptive sharpness-aware minimization (Kwon et al. 2021): sam.hpp with the neighbourhood
/// scaled by the weights, ε = ρ·w²·sign(g)·|g|^(q−1) / (Σ|w·g|^q)^(1/p), and ASAM's larger ρ.
/// Matches torchzero `tz.m.ASAM(rho=0.5, p=2, eps=1e-10)` (modules/adaptive/sam.py).
/// kind: gradient approximator (first in its chain; step with `step(closure)`). state: none.
#pragma once
#include <tzero/modules/adaptive/sam.hpp>

namespace tzero {

namespace detail {
struct asam_defaults {
    static constexpr char const* name = "asam";
    static constexpr double rho = 0.5;
    static constexpr bool asam = true;
};
}  // namespace detail

/// torchzero's `ASAM`.
using asam = basic_sam<detail::asam_defaults>;

}  // namespace tzero
