/// @file tzero/modules/misc/terminate_never.hpp
/// TerminateNever: never stops (what torchzero's `make_termination_criteria` gives without a
/// criterion). A termination criterion (core/termination.hpp) that never hits: an identity on the
/// update. Matches torchzero `tz.m.TerminateNever()` (modules/termination/termination.py).
/// kind: termination criterion. state: none.
#pragma once
#include <tzero/core/module.hpp>

namespace tzero {

struct terminate_never {
    using kind = elementwise;
    static constexpr bool terminates = true;
    static constexpr int state_slots = 0, host_slots = 0;
    static constexpr char const* name = "terminate_never";

    template <class C>
    bool criterion(C const&, double*, int) const {
        return false;
    }
    template <class V, class E, class K>
    TZERO_HD V apply(V u, E const&, K const&) const {
        return u;
    }
};

}  // namespace tzero
