/// @file tzero/modules/clipping/clip_norm_growth.hpp
/// ClipNormGrowth: limits how fast the update's norm may grow from step to step.
///   n = ‖u‖ₚ per tensor or over all parameters (`global`); n₀ = the tracked norm (a scalar kept
///   per tensor, or one for all); on the first step n₀ ← n and u is left alone; then
///   d = max(1, n / (n₀ + add), n / (n₀·mul), min_value)
///   u ← u / d
///   n₀ ← n₀ / max_decay if n / n₀ < 1 / max_decay, else n / d;  then n₀ ← max(n₀, min_value)
/// Matches torchzero `tz.m.ClipNormGrowth(add=None, mul=1.5, min_value=1e-4, max_decay=2, ord=2,
/// tensorwise=True)` (modules/clipping/growth_clipping.py). torchzero's `None` is written as a
/// value that disables the limit: `add` and `mul` and `max_decay` = ∞, `min_value` = 0.
/// `ord` is any p, as clip_norm's (∞: max|u|).
/// kind: reduce (a sum of |u|ᵖ and a maximum of |u|), with two persistent scalars (the tracked norm, and whether it
/// is set). state: none per element.
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/modules/detail/vector_norm.hpp>

namespace tzero {

template <class Scope = per_tensor_t>
struct clip_norm_growth {
    double add = std::numeric_limits<double>::infinity();  ///< norm may grow by at most this (∞: no limit)
    double mul = 1.5;                                      ///< norm may grow by at most this factor (∞: no limit)
    double min_value = 1e-4;                               ///< floor of the tracked norm and of the divisor (0: none)
    double max_decay = 2;  ///< the tracked norm shrinks by at most this factor a step (∞: no limit)
    double ord = 2;        ///< the norm's order p
    Scope scope{};         ///< `per_tensor` (torchzero tensorwise=True) or `global`

    using kind = reduce;
    using reduce_scope = Scope;
    static constexpr int state_slots = 0;
    static constexpr int reduce_terms = 2;  // Σ|u|ᵖ, max ±|u| (detail/vector_norm.hpp)
    static constexpr int reduce_maxima = 1;
    static constexpr int reduce_slots = 2;  // the tracked norm, and 1 once it is set
    static constexpr char const* name = "clip_norm_growth";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"add", &clip_norm_growth::add},
                          field{"mul", &clip_norm_growth::mul},
                          field{"min_value", &clip_norm_growth::min_value},
                          field{"max_decay", &clip_norm_growth::max_decay},
                          field{"ord", &clip_norm_growth::ord},
                          field{"scope", &clip_norm_growth::scope}};
    }

    constexpr void validate() const {
        detail::check(add >= 0, "tzero: clip_norm_growth: add must be >= 0 (infinity: no additive limit)", add);
        detail::check(mul > 0, "tzero: clip_norm_growth: mul must be > 0 (infinity: no multiplicative limit)", mul);
        detail::check(min_value >= 0, "tzero: clip_norm_growth: min_value must be >= 0", min_value);
        detail::check(max_decay > 0, "tzero: clip_norm_growth: max_decay must be > 0 (infinity: no limit)", max_decay);
        detail::check_norm_order(
            ord, "tzero: clip_norm_growth: ord must be a number (2 is the L2 norm, inf the largest |u|)");
    }
    template <class V>
    TZERO_HD terms<V, 2> reduce_term(V u, element<V, 0>, no_coeffs) const {
        return detail::norm_terms(u, ord);
    }

    /// 1 / d, and the tracked norm stepped.
    TZERO_HD double finalize(reduction<2, 2> r) const {
        double const norm = detail::norm_of(r.sum[0], r.sum[1], ord);
        double& tracked = r.state[0];
        if (r.state[1] == 0) {
            tracked = norm;
            r.state[1] = 1;
            return 1;
        }
        double denom = 1;
        if (norm > tracked + add) denom = norm / (tracked + add);
        if (norm > tracked * mul && norm / (tracked * mul) > denom) denom = norm / (tracked * mul);
        if (min_value > denom) denom = min_value;
        double next = norm / denom;
        if (norm / tracked < 1 / max_decay) next = tracked / max_decay;
        tracked = next > min_value ? next : min_value;
        return 1 / denom;
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0> e, no_coeffs) const {
        return u * e.reduced;
    }
};

}  // namespace tzero
