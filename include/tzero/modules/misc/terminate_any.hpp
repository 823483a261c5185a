/// @file tzero/modules/misc/terminate_any.hpp
/// TerminateAny: stop when one of several criteria hits.
///   hit ⇔ c₁ hits ∨ c₂ hits ∨ …      terminate_any(terminate_by_gradient_norm(1e-8), terminate_after_n_steps(100))
/// A termination criterion (core/termination.hpp) holding others: each is asked every step (its
/// own `n` unused), their state slots and host scalars are the combination's. Matches torchzero
/// `tz.m.TerminateAny(*criteria)` (modules/termination/termination.py), which stops asking at the
/// first hit (docs/modules.md).
/// kind: termination criterion. state: the criteria's.
#pragma once
#include <tzero/modules/detail/terminate_combination.hpp>

namespace tzero {

/// The criteria `cs...` combined: a hit when one of them hits.
template <class... Cs>
constexpr auto terminate_any(Cs const&... cs) {
    return detail::make_terminate_combination<false>(cs...);
}

}  // namespace tzero
