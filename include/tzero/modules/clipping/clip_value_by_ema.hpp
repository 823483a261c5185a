/// @file tzero/modules/clipping/clip_value_by_ema.hpp
/// ClipValueByEMA: clamps every element of the update to the magnitude of an exponential moving
/// average of past (unclipped) update magnitudes.
///   a ← lerp(a, |u|, 1 − beta)          (a₀ = |u₁|·init, from the first update)
///   u ← min(max(u, −a), a)              (NaN in u or in a stays NaN, as torch.clamp with tensor bounds)
/// Matches torchzero `tz.m.ClipValueByEMA(beta=0.99, init=0)` (modules/clipping/ema_clipping.py).
/// Its two inner chains (core/branch.hpp, "inner chain") act after a is stepped from the
/// unclipped update: `inner` runs on the update, whose output is what gets clipped, and
/// `exp_avg_tfm` on a copy of a, whose output is the bound (the stored a stays the average):
///   u ← min(max(inner(u), −exp_avg_tfm(a)), exp_avg_tfm(a))
/// `clip_value_by_ema().with_inner(adam()).with_exp_avg_tfm(mul(2))`. Their slots follow a
/// (inner's, then exp_avg_tfm's) and their math is inlined: still one pass.
/// kind: elementwise. state: 1 slot (a), then the inner chains'.
#pragma once
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

/// The ClipValueByEMA behind `clip_value_by_ema`, with its inner chains (`no_inner` when absent).
template <inner_operand Inner = no_inner, inner_operand ExpAvgTfm = no_inner>
struct basic_clip_value_by_ema {
    double beta = 0.99;       ///< the average's decay
    double init = 0;          ///< the average starts at |u₁|·init
    Inner inner{};            ///< run on the update before it is clipped (`with_inner`)
    ExpAvgTfm exp_avg_tfm{};  ///< run on a copy of a, the bound (`with_exp_avg_tfm`)

    using kind = elementwise;
    static constexpr int own_slots = 1;
    static constexpr int state_slots = state_slots_of<basic_clip_value_by_ema>;
    static constexpr char const* name = "clip_value_by_ema";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"beta", &basic_clip_value_by_ema::beta}, field{"init", &basic_clip_value_by_ema::init},
                          field{"inner", &basic_clip_value_by_ema::inner},
                          field{"exp_avg_tfm", &basic_clip_value_by_ema::exp_avg_tfm}};
    }

    /// This module with `c` run on the update before it is clipped (torchzero's `inner`).
    template <module_or_chain C>
    constexpr auto with_inner(C const& c) const {
        return basic_clip_value_by_ema<inner_t<C>, ExpAvgTfm>{beta, init, c, exp_avg_tfm};
    }
    /// This module with `c` run on the average it clips by (torchzero's `exp_avg_tfm`).
    template <module_or_chain C>
    constexpr auto with_exp_avg_tfm(C const& c) const {
        return basic_clip_value_by_ema<Inner, inner_t<C>>{beta, init, inner, c};
    }

    constexpr void validate() const {
        detail::check(beta >= 0 && beta <= 1,
                      "tzero: clip_value_by_ema: beta must be in [0, 1] (write clip_value_by_ema{.beta = 0.99})", beta);
        detail::check(init >= 0 && init - init == 0, "tzero: clip_value_by_ema: init must be a finite number >= 0",
                      init);
    }
    struct coeffs {
        bool first;  ///< the average starts from this update
        inner_coeffs<Inner> inner;
        inner_coeffs<ExpAvgTfm> exp_avg;
    };
    coeffs per_step(long t) const { return {t == 1, inner_per_step(inner, t), inner_per_step(exp_avg_tfm, t)}; }

    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, coeffs k) const {
        V const magnitude = math::abs(u);
        V& average = e.state[0];
        average = math::lerp(k.first ? magnitude * V(init) : average, magnitude, 1 - beta);
        V const x = inner_value(inner, k.inner, u, e, own_slots);
        V const bound = inner_value(exp_avg_tfm, k.exp_avg, average, e, own_slots + inner_slots<Inner>);
        return math::min(math::max(x, -bound), bound);
    }
};

using clip_value_by_ema = basic_clip_value_by_ema<>;

}  // namespace tzero
