/// @file tzero/modules/misc/terminate_by_gradient_norm.hpp
/// TerminateByGradientNorm: stop when the gradient's norm stays small.
///   hit ⇔ ‖g‖_ord ≤ tol, over all parameters;   stop after `n` hits in a row
/// g is the gradient the step was computed from. A termination criterion (core/termination.hpp):
/// an identity on the update, asked after every step; the norm is one pass over g (4 bytes per
/// element in float), taken by the backend's fixed-order reduction. `ord` is any p or a named
/// statistic (core/metric.hpp). Matches torchzero `tz.m.TerminateByGradientNorm(tol=1e-8, n=3,
/// ord=2)` (modules/termination/termination.py).
/// kind: termination criterion (modules/detail/norm_criterion.hpp). state: none (host: the hits in a row).
#pragma once
#include <tzero/modules/detail/norm_criterion.hpp>

namespace tzero {

/// Fields: `tol` (1e-8), `n` (3), `ord` (2): `terminate_by_gradient_norm{.tol = 1e-10, .n = 1}`.
using terminate_by_gradient_norm = detail::norm_criterion<false>;

}  // namespace tzero
