/// @file tzero/modules/momentum/median_averaging.hpp
/// MedianAveraging: the median of the last `H` updates (of all of them while fewer have passed).
///   out = median(u_{t−L+1}, …, u_t)        L = min(t, H); for even L the mean of the two middle
///   values, as torch.quantile(…, 0.5) interpolates them (torch.lerp's formula)
/// Matches torchzero `tz.m.MedianAveraging(history_size)` (modules/momentum/averaging.py). `H`
/// sizes the state, so it is a template parameter: `median_averaging<5>{}`. The window is sorted
/// by a compare-exchange network of `math::min`/`math::max` (odd–even transposition, H rounds),
/// the same instructions for every lane; positions not filled yet hold +inf, so they sort last.
/// A NaN anywhere in the window gives NaN, as torch.quantile does.
/// kind: elementwise. state: H−1 slots (the previous updates, oldest first).
#pragma once
#include <limits>

#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

template <int H>
struct median_averaging {
    static_assert(H >= 1, "tzero: median_averaging<H>: the history size H must be >= 1 (write median_averaging<5>{})");

    using kind = elementwise;
    static constexpr int state_slots = H - 1;
    static constexpr char const* name = "median_averaging";

    struct coeffs {
        int count;  ///< L = min(t, H), the updates in the window
    };
    coeffs per_step(long t) const { return {t < H ? int(t) : H}; }

    template <class V>
    TZERO_HD V apply(V u, element<V, H - 1> e, coeffs k) const {
        using T = math::scalar_t<V>;
        V a[H];
        for (int i = 0; i < H - 1; ++i) a[i] = i < H - k.count ? V(std::numeric_limits<T>::infinity()) : e.state[i];
        a[H - 1] = u;
        V nan = u;  // NaN when any value in the window is NaN (max keeps NaN)
        for (int i = H - k.count; i < H - 1; ++i) nan = math::max(nan, a[i]);
        for (int round = 0; round < H; ++round)
            for (int i = round % 2; i + 1 < H; i += 2) {
                V const lo = math::min(a[i], a[i + 1]);
                a[i + 1] = math::max(a[i], a[i + 1]);
                a[i] = lo;
            }
        if constexpr (H > 1) {
            for (int i = 0; i + 1 < H - 1; ++i) e.state[i] = e.state[i + 1];
            e.state[H - 2] = u;
        }
        V below = a[0], above = a[0];
        for (int i = 1; i < H; ++i) {
            if (i == (k.count - 1) / 2) below = a[i];
            if (i == k.count / 2) above = a[i];
        }
        V const median = k.count % 2 == 1 ? below : math::lerp(below, above, 0.5);
        return math::select(nan != nan, nan, median);
    }
};

}  // namespace tzero
