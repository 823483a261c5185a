/// @file tzero/modules/misc/terminate_by_update_norm.hpp
/// TerminateByUpdateNorm: stop when the parameters stay still.
///   hit ⇔ ‖p_after − p_before‖_ord ≤ tol, over all parameters;   stop after `n` hits in a row
/// the change of the parameters over the step. A termination criterion (core/termination.hpp): an
/// identity on the update that keeps p_before in a state slot, written by the pass (which reads p
/// where the criterion sits; place it first in a chain with a closure stage, where that pass
/// runs anyway); the norm is one pass over p and the slot, by the backend's fixed-order
/// reduction. Matches torchzero `tz.m.TerminateByUpdateNorm(tol=1e-8, n=3, ord=2)`
/// (modules/termination/termination.py), which measures the previous step's change (and none at
/// the first step): tzero stops a step sooner (docs/modules.md).
/// kind: termination criterion (modules/detail/norm_criterion.hpp). state: p_before.
#pragma once
#include <tzero/modules/detail/norm_criterion.hpp>

namespace tzero {

/// Fields: `tol` (1e-8), `n` (3), `ord` (2): `terminate_by_update_norm{.tol = 1e-10, .n = 1}`.
using terminate_by_update_norm = detail::norm_criterion<true>;

}  // namespace tzero
