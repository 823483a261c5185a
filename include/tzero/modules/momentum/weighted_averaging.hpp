/// @file tzero/modules/momentum/weighted_averaging.hpp
/// WeightedAveraging: a weighted sum of the last `W` updates, divided by how many there are.
///   out = Σ_{i=W−L}^{W−1} u_{t−W+1+i} · (w_i / L)        L = min(t, W)
/// `weights` run from the oldest update to the newest; while fewer than W updates have passed,
/// the newest L weights apply. The sum is divided by L, not by the sum of the weights, as in
/// torchzero `tz.m.WeightedAveraging(weights)` (modules/momentum/averaging.py), whose arithmetic
/// tzero follows: each coefficient w_i / L is formed in double, terms are added oldest first, and
/// a zero weight after the first drops its term (so an infinite update there does not give NaN).
/// `W` sizes the state: `weighted_averaging(std::array{0.2, 0.3, 0.5})` or
/// `weighted_averaging<3>{.weights = {0.2, 0.3, 0.5}}`.
/// kind: elementwise. state: W−1 slots (the previous updates, oldest first).
#pragma once
#include <array>
#include <cstddef>
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

namespace detail {
template <int W>
constexpr std::array<double, W> nan_weights() {
    std::array<double, W> w{};
    for (auto& x : w) x = std::numeric_limits<double>::quiet_NaN();
    return w;
}
}  // namespace detail

template <int W>
struct weighted_averaging {
    static_assert(W >= 1, "tzero: weighted_averaging<W>: it needs at least one weight");

    /// From the oldest update to the newest; required, as in torchzero.
    std::array<double, W> weights = detail::nan_weights<W>();

    using kind = elementwise;
    static constexpr int state_slots = W - 1;
    static constexpr char const* name = "weighted_averaging";
    static constexpr auto hyperparameters() { return std::tuple{field{"weights", &weighted_averaging::weights}}; }

    constexpr void validate() const {
        for (double w : weights)
            detail::check(w - w == 0,
                          "tzero: weighted_averaging: every weight must be a finite number "
                          "(write weighted_averaging(std::array{0.2, 0.3, 0.5}))",
                          w);
    }
    struct coeffs {
        double c[W];  ///< w_i / L for the valid positions
        int first;    ///< W − L: the oldest valid position
    };
    coeffs per_step(long t) const {
        coeffs k{};
        int const count = t < W ? int(t) : W;
        k.first = W - count;
        for (int i = 0; i < W; ++i) k.c[i] = weights[std::size_t(i)] / count;
        return k;
    }

    template <class V>
    TZERO_HD V apply(V u, element<V, W - 1> e, coeffs const& k) const {
        V sum = (k.first == W - 1 ? u : e.state[k.first]) * V(k.c[k.first]);
        for (int i = k.first + 1; i < W; ++i)
            if (k.c[i] != 0) sum = sum + (i == W - 1 ? u : e.state[i]) * V(k.c[i]);
        if constexpr (W > 1) {
            for (int i = 0; i + 1 < W - 1; ++i) e.state[i] = e.state[i + 1];
            e.state[W - 2] = u;
        }
        return sum;
    }
};
template <std::size_t W>
weighted_averaging(std::array<double, W>) -> weighted_averaging<int(W)>;

}  // namespace tzero
