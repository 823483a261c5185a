/// @file tzero/modules/misc/terminate_all.hpp
/// TerminateAll: stop when several criteria hit at once.
///   hit ⇔ c₁ hits ∧ c₂ hits ∧ …      terminate_all(terminate_by_gradient_norm(1e-6), terminate_by_update_norm(1e-9))
/// A termination criterion (core/termination.hpp) holding others: each is asked every step (its
/// own `n` unused), their state slots and host scalars are the combination's. Matches torchzero
/// `tz.m.TerminateAll(*criteria)` (modules/termination/termination.py), which stops asking at the
/// first miss (docs/modules.md).
/// kind: termination criterion. state: the criteria's.
#pragma once
#include <tzero/modules/detail/terminate_combination.hpp>

namespace tzero {

/// The criteria `cs...` combined: a hit when all of them hit.
template <class... Cs>
constexpr auto terminate_all(Cs const&... cs) {
    return detail::make_terminate_combination<true>(cs...);
}

}  // namespace tzero
