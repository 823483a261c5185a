/// @file tzero/modules/clipping/clip_value_by_ema.hpp
/// ClipValueByEMA: clamps every element of the update to the magnitude of an exponential moving
/// average of past (unclipped) update magnitudes.
///   a ← lerp(a, |u|, 1 − beta)          (a₀ = |u₁|·init, from the first update)
///   u ← min(max(u, −a), a)              (NaN in u or in a stays NaN, as torch.clamp with tensor bounds)
/// Matches torchzero `tz.m.ClipValueByEMA(beta=0.99, init=0)` (modules/clipping/ema_clipping.py).
/// Its `inner` and `exp_avg_tfm` hooks (chains run on the update and on the average before
/// clipping) are not supported.
/// kind: elementwise. state: 1 slot (a).
#pragma once
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct clip_value_by_ema {
    double beta = 0.99;  ///< the average's decay
    double init = 0;     ///< the average starts at |u₁|·init

    using kind = elementwise;
    static constexpr int state_slots = 1;
    static constexpr char const* name = "clip_value_by_ema";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"beta", &clip_value_by_ema::beta}, field{"init", &clip_value_by_ema::init}};
    }

    constexpr void validate() const {
        detail::check(beta >= 0 && beta <= 1,
                      "tzero: clip_value_by_ema: beta must be in [0, 1] (write clip_value_by_ema{.beta = 0.99})", beta);
        detail::check(init >= 0 && init - init == 0, "tzero: clip_value_by_ema: init must be a finite number >= 0",
                      init);
    }
    struct coeffs {
        bool first;  ///< the average starts from this update
    };
    coeffs per_step(long t) const { return {t == 1}; }

    template <class V>
    TZERO_HD V apply(V u, element<V, 1> e, coeffs k) const {
        V const magnitude = math::abs(u);
        V& average = e.state[0];
        average = math::lerp(k.first ? magnitude * V(init) : average, magnitude, 1 - beta);
        return math::min(math::max(u, -average), average);
    }
};

}  // namespace tzero
