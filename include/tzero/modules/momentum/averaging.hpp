/// @file tzero/modules/momentum/averaging.hpp
/// Averaging: the mean of the last `H` updates (of all of them while fewer have passed).
///   out = (u_{t−L+1} + … + u_t) / L        L = min(t, H)
/// Matches torchzero `tz.m.Averaging(history_size)` (modules/momentum/averaging.py). `H` sizes the
/// state, so it is a template parameter: `averaging<4>{}`. torchzero keeps the last H updates and
/// a running sum (H+1 buffers) and subtracts the oldest each step; tzero keeps the previous H−1
/// updates and re-adds them every step, oldest first (the same sum while t ≤ H, and no drift
/// after: a running sum's rounding errors never leave it).
/// kind: elementwise. state: H−1 slots (the previous updates, oldest first).
#pragma once
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

template <int H>
struct averaging {
    static_assert(H >= 1, "tzero: averaging<H>: the history size H must be >= 1 (write averaging<4>{})");

    using kind = elementwise;
    static constexpr int state_slots = H - 1;
    static constexpr char const* name = "averaging";

    struct coeffs {
        double count;  ///< L = min(t, H), the updates averaged
    };
    coeffs per_step(long t) const { return {double(t < H ? t : H)}; }

    // The slots start at 0, so while t < H the missing oldest entries add nothing.
    template <class V>
    TZERO_HD V apply(V u, element<V, H - 1> e, coeffs k) const {
        if constexpr (H == 1) {
            return u;
        } else {
            V sum = e.state[0];
            for (int i = 1; i < H - 1; ++i) sum = sum + e.state[i];
            sum = sum + u;
            for (int i = 0; i + 1 < H - 1; ++i) e.state[i] = e.state[i + 1];
            e.state[H - 2] = u;
            return sum / V(k.count);
        }
    }
};

}  // namespace tzero
