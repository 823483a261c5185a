/// @file tzero/modules/momentum/heavy_ball.hpp
/// HeavyBall: Polyak's momentum, torchzero's EMA without lerp, started at the first update.
///   m ← momentum·m + (1 − dampening)·u,  m₀ = u₁;   u ← m
/// Matches torchzero `tz.m.HeavyBall(momentum=0.9, dampening=0, debias=False, lerp=False,
/// ema_init='update')` (modules/momentum/momentum.py). Because m starts at the first update and
/// is then updated with it, the first step is (1 + momentum)·u₁, where torch.optim.SGD's
/// momentum gives u₁; tzero follows torchzero.
/// kind: elementwise. state: 1 slot (m).
#pragma once
#include <tzero/modules/momentum/ema.hpp>

namespace tzero {

/// torchzero's HeavyBall: `ema` with lerp off and ema_init update (fields and math: ema.hpp).
using heavy_ball = basic_ema<true>;

}  // namespace tzero
