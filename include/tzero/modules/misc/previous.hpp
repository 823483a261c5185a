/// @file tzero/modules/misc/previous.hpp
/// Previous: the update from `N` steps back (the first update until `N` steps have passed).
///   out = u_{max(1, t−N)}        (previous<1>: the last step's update)
/// Matches torchzero `tz.m.Previous(n)` (modules/misc/misc.py: a deque of the last n+1 updates,
/// returning its oldest). `N` sizes the state, so it is a template parameter: `previous<2>{}`;
/// `previous()` is n = 1. tzero keeps N slots, not torchzero's n+1: the newest entry of
/// torchzero's deque is the update entering the module, which tzero holds in a register.
/// kind: elementwise. state: N slots (the last N updates, oldest first).
#pragma once
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

template <int N = 1>
struct previous {
    static_assert(N >= 0, "tzero: previous<N>: N must be >= 0 (write previous<2>{})");

    using kind = elementwise;
    static constexpr int state_slots = N;
    static constexpr char const* name = "previous";

    struct coeffs {
        bool first;  ///< the history starts filled with the first update, as torchzero's deque does
    };
    coeffs per_step(long t) const { return {t == 1}; }

    template <class V>
    TZERO_HD V apply(V u, element<V, N> e, coeffs k) const {
        if constexpr (N == 0) {
            return u;
        } else {
            if (k.first)
                for (int i = 0; i < N; ++i) e.state[i] = u;
            V const out = e.state[0];
            for (int i = 0; i + 1 < N; ++i) e.state[i] = e.state[i + 1];
            e.state[N - 1] = u;
            return out;
        }
    }
};

}  // namespace tzero
