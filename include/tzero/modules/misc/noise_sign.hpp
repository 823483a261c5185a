/// @file tzero/modules/misc/noise_sign.hpp
/// NoiseSign: random magnitudes with the update's signs.
///   u ← copysign(x, u),  x ~ `distribution` scaled by `variance` (modules/detail/random_sample.hpp)
/// Deterministic given `seed` (core/random.hpp). A zero update counts as positive. The module is
/// random_sample's (ops/random_sample.hpp), keeping the signs.
/// Mirrors torchzero `tz.m.NoiseSign(distribution='normal', variance=None)` (modules/misc/misc.py);
/// torchzero draws from torch's global generator, so trajectories agree in distribution, not in
/// value. 'sphere' is not supported.
/// kind: elementwise. state: none.
#pragma once
#include <tzero/modules/ops/random_sample.hpp>

namespace tzero {

using noise_sign = detail::sampler<true>;

}  // namespace tzero
