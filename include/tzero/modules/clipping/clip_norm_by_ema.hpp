/// @file tzero/modules/clipping/clip_norm_by_ema.hpp
/// ClipNormByEMA and NormalizeByEMA: the update's norm clipped to (or set to) the norm of an
/// exponential moving average of past updates.
///   a ← lerp(a, u, 1 − beta)                      (a: the average, one slot; a₀ = init)
///   n = ‖u‖ₚ, n_a = ‖a‖ₚ                          per tensor, or over all parameters (`global`)
///   growth limit: m = max(n₀·max_ema_growth, min_norm), with n₀ the last step's n_a (a
///   persistent scalar; n₀ = n_a on the first step): where n_a > m, a ← a·m/n_a and n_a ← m; n₀ ← n_a
///   u ← u / max(n / max(n_a, tiny), 1)           clip_norm_by_ema
///   u ← u / max(n / max(n_a, tiny), tiny)        normalize_by_ema    (tiny: 2·DBL_MIN)
/// One pass folds the two norms (each two sums and a maximum, so any p, ∞ included, or a named
/// statistic such as "std": core/metric.hpp; the average computed from its stored value);
/// `finalize` hands `apply` two factors, one for the update and one that rescales the stored
/// average (core/reduction.hpp). `max_ema_growth = ∞` is torchzero's None (no limit).
/// Matches torchzero `tz.m.ClipNormByEMA(beta=0.99, ord=2, tensorwise=True, max_ema_growth=1.5,
/// init=0, min_norm=1e-6)` and `tz.m.NormalizeByEMA` (modules/clipping/ema_clipping.py).
/// torchzero's tiny is the dtype's (2·FLT_MIN in float); it only matters when the average is
/// exactly zero.
/// torchzero's `inner` is an inner chain (core/branch.hpp, "inner chain") run on the update after
/// the average is stepped: a, n and n_a are still of the update entering the module, and the
/// division is of the chain's output, u ← inner(u) / max(n / max(n_a, tiny), 1):
/// `clip_norm_by_ema<>{}.with_inner(sign())`. Its slots follow the average; the apply pass steps
/// it, the reduce pass does not run it.
/// kind: reduce (two norms, two outputs, two persistent scalars). state: 1 (the average), then
/// the inner chain's.
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/modules/detail/vector_norm.hpp>

namespace tzero {

template <bool Normalize, class Scope = per_tensor_t, inner_operand Inner = no_inner>
struct norm_by_ema {
    double beta = 0.99;           ///< the average's decay
    metric ord = 2;               ///< the norms' order p, or a statistic ("std")
    Scope scope{};                ///< `per_tensor` (torchzero tensorwise=True) or `global`
    double max_ema_growth = 1.5;  ///< the average's norm grows by at most this factor a step (∞: no limit)
    double init = 0;              ///< the average's first value, every element
    double min_norm = 1e-6;       ///< floor of the growth limit
    Inner inner{};                ///< run on the update before it is divided (`with_inner`)

    using kind = reduce;
    using reduce_scope = Scope;
    static constexpr int reduce_terms =
        6;  // the metric's two sums of u, of a; max ±|u|, max ±|a| (detail/vector_norm.hpp)
    static constexpr int reduce_maxima = 2;
    static constexpr int reduce_outputs = 2;  // the update's factor, the average's
    static constexpr int reduce_slots = 2;    // the last norm of the average, and 1 once it is set
    static constexpr int own_slots = 1;       // the average
    static constexpr int state_slots = state_slots_of<norm_by_ema>;
    static constexpr char const* name = Normalize ? "normalize_by_ema" : "clip_norm_by_ema";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"beta", &norm_by_ema::beta},   field{"ord", &norm_by_ema::ord},
                          field{"scope", &norm_by_ema::scope}, field{"max_ema_growth", &norm_by_ema::max_ema_growth},
                          field{"init", &norm_by_ema::init},   field{"min_norm", &norm_by_ema::min_norm},
                          field{"inner", &norm_by_ema::inner}};
    }

    /// This module with `c` run on the update before it is divided (torchzero's `inner`).
    template <module_or_chain C>
    constexpr auto with_inner(C const& c) const {
        return norm_by_ema<Normalize, Scope, inner_t<C>>{beta, ord, scope, max_ema_growth, init, min_norm, c};
    }

    constexpr void validate() const {
        char const* const beta_message = Normalize ? "tzero: normalize_by_ema: beta must be in [0, 1]"
                                                   : "tzero: clip_norm_by_ema: beta must be in [0, 1]";
        detail::check(beta >= 0 && beta <= 1, beta_message, beta);
        detail::check_metric(ord, Normalize ? "tzero: normalize_by_ema: ord must be a number or a name (2 is the L2 "
                                              "norm, \"std\" the standard deviation)"
                                            : "tzero: clip_norm_by_ema: ord must be a number or a name (2 is the L2 "
                                              "norm, \"std\" the standard deviation)");
        detail::check(max_ema_growth > 0,
                      Normalize ? "tzero: normalize_by_ema: max_ema_growth must be > 0 (infinity: no limit)"
                                : "tzero: clip_norm_by_ema: max_ema_growth must be > 0 (infinity: no limit)",
                      max_ema_growth);
        detail::check(init - init == 0,
                      Normalize ? "tzero: normalize_by_ema: init must be a finite number"
                                : "tzero: clip_norm_by_ema: init must be a finite number",
                      init);
        detail::check(min_norm >= 0,
                      Normalize ? "tzero: normalize_by_ema: min_norm must be >= 0"
                                : "tzero: clip_norm_by_ema: min_norm must be >= 0",
                      min_norm);
    }
    struct coeffs {
        bool first;
        inner_coeffs<Inner> inner;
    };
    coeffs per_step(long t) const { return {t == 1, inner_per_step(inner, t)}; }

    /// The average after this step's lerp, before the growth limit.
    template <class V>
    TZERO_HD V average(V u, V stored, coeffs const& k) const {
        return math::lerp(k.first ? V(init) : stored, u, 1 - beta);
    }
    template <class V, int N>
    TZERO_HD terms<V, 6> reduce_term(V u, element<V, N, 2> e, coeffs const& k) const {
        return detail::metric_terms(ord, u, average(u, e.state[0], k));
    }
    TZERO_HD terms<double, 2> finalize(reduction<6, 2> r) const {
        constexpr double tiny = 2 * std::numeric_limits<double>::min();
        double const norm = detail::metric_of(r.sum, 0, r.count, ord);
        double ema_norm = detail::metric_of(r.sum, 1, r.count, ord), ema_factor = 1;
        if (r.state[1] == 0) {
            r.state[0] = ema_norm;
            r.state[1] = 1;
        }
        double allowed = r.state[0] * max_ema_growth;
        if (allowed < min_norm) allowed = min_norm;
        if (ema_norm > allowed) {
            ema_factor = allowed / ema_norm;
            ema_norm = allowed;
        }
        r.state[0] = ema_norm;
        double denom = norm / (ema_norm > tiny ? ema_norm : tiny);
        double const floor = Normalize ? tiny : 1;
        if (denom < floor) denom = floor;  // a NaN norm stays NaN, as torch's clip_
        return {{1 / denom, ema_factor}};
    }
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N, 2> e, coeffs const& k) const {
        e.state[0] = average(u, e.state[0], k) * e.reduced[1];
        return inner_value(inner, k.inner, u, e, own_slots) * e.reduced[0];
    }
};

/// torchzero's ClipNormByEMA: `clip_norm_by_ema<>{.beta = 0.9}`, `clip_norm_by_ema<global_t>{}`.
template <class Scope = per_tensor_t>
using clip_norm_by_ema = norm_by_ema<false, Scope>;
/// torchzero's NormalizeByEMA.
template <class Scope = per_tensor_t>
using normalize_by_ema = norm_by_ema<true, Scope>;

}  // namespace tzero
