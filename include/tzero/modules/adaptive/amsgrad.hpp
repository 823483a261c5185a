/// @file tzero/modules/adaptive/amsgrad.hpp
/// AMSGrad: Adam divided by the largest second moment so far, so the step never grows because v
/// decayed.
///   m ← lerp(m, u, 1 − β1)        v ← β2·v + (1 − β2)·u²        v_max ← max(v_max, v)
///   u ← α·√(1 − β2ᵗ)/(1 − β1ᵗ) · m / (√v_max + ε)           (eps_at, debias: as adam)
/// Matches torchzero `tz.m.Adam(beta1, beta2, eps, amsgrad=True, alpha=1, debias=True)`
/// (modules/adaptive/adam.py; Reddi et al. 2018, "On the Convergence of Adam and Beyond"), and
/// with `eps_at = adam_eps::torch` it matches `torch.optim.Adam(amsgrad=True)`. v_max is NaN once
/// v was (torch.maximum).
/// kind: elementwise. state: 3 slots (m, v, v_max).
#pragma once
#include <tzero/modules/adaptive/adam.hpp>

namespace tzero {

/// torchzero's `Adam(amsgrad=True)`: `adam` with a third slot (fields and math: adam.hpp).
using amsgrad = basic_adam<true>;

}  // namespace tzero
