/// @file tzero/modules/momentum/cautious.hpp
/// Cautious: keeps the update only where it agrees in sign with the raw gradient.
///   mask = [u·g > 0]             (g: the raw gradient, whatever came before in the chain)
///   mode zero:      u ← u · mask
///   mode grad:      u ← u · mask + g · (1 − mask)
///   mode backtrack: u ← u − 2u · (1 − mask)
///   `cautious(normalized)`: u ← u · mask / max(mean(mask), eps), the mean over ALL parameters
/// Matches torchzero `tz.m.Cautious(normalize, eps, mode)` (modules/momentum/cautious.py;
/// Liang et al. 2024, "Cautious Optimizers"). The default is elementwise and fuses into the pass
/// of the modules around it; normalization needs the global mean of the mask, so it is a
/// `reduce` module and its chain takes two passes. torchzero ignores `normalize` outside mode
/// zero; tzero rejects that combination instead of planning a pass for nothing.
/// kind: elementwise, or reduce (global) when normalized. state: none. reads: the raw gradient.
#pragma once
#include <array>
#include <tuple>
#include <type_traits>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

/// What cautious does where the update and the gradient disagree in sign.
enum class cautious_mode { zero, grad, backtrack };
constexpr std::array<char const*, 3> enumerators(cautious_mode) { return {"zero", "grad", "backtrack"}; }

/// Tags for cautious' normalization, part of the type because it changes the plan.
struct unnormalized_t {
    static constexpr char const* name = "unnormalized";
};
struct normalized_t {
    static constexpr char const* name = "normalized";
};
inline constexpr normalized_t normalized{};

namespace detail {
/// [x·y > 0] as 1 or 0: where two values agree in sign (neither is zero).
template <class V>
TZERO_HD V same_sign(V x, V y) {
    return math::mask<V>(x * y > V(0));
}

/// 1 / max(the mean of a mask, eps), from its sum over `count` elements; no elements leave the
/// update as it is. What normalized cautious variants multiply the kept update by.
TZERO_HD double inverse_mean_floor(double kept, double count, double eps) {
    double const mean = count > 0 ? kept / count : 1;
    return 1 / (mean > eps ? mean : eps);
}

/// Cautious' answer for an update `u` compared with `reference` where `keep` says they agree:
/// zero it, replace it by the reference (mode grad), or negate it (mode backtrack).
template <class V>
TZERO_HD V cautious_select(V u, V reference, V keep, cautious_mode mode) {
    if (mode == cautious_mode::zero) return u * keep;
    V const flip = V(1) - keep;
    if (mode == cautious_mode::grad) return u * keep + reference * flip;
    return u - u * V(2) * flip;
}
}  // namespace detail

template <class Normalize = unnormalized_t>
struct cautious {
    Normalize normalize{};
    double eps = 1e-6;  ///< floor of the mask's mean when normalized
    cautious_mode mode = cautious_mode::zero;

    static constexpr bool is_normalized = std::is_same_v<Normalize, normalized_t>;
    using kind = std::conditional_t<is_normalized, reduce, elementwise>;
    using reduce_scope = global_t;
    static constexpr int state_slots = 0;
    static constexpr bool uses_grad = true;
    static constexpr char const* name = "cautious";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"normalize", &cautious::normalize}, field{"eps", &cautious::eps},
                          field{"mode", &cautious::mode}};
    }

    constexpr void validate() const {
        detail::check(eps > 0, "tzero: cautious: eps must be > 0", eps);
        detail::check(!is_normalized || mode == cautious_mode::zero,
                      "tzero: cautious: normalization applies to mode zero only (drop `normalized` or use "
                      "cautious_mode::zero)",
                      double(int(mode)));
    }
    template <class V>
    TZERO_HD V reduce_term(V u, element<V, 0> e, no_coeffs) const {
        return detail::same_sign(u, e.g);
    }

    /// 1 / max(mean of the mask, eps); an empty parameter list leaves the update as it is.
    TZERO_HD double finalize(double kept, double count) const { return detail::inverse_mean_floor(kept, count, eps); }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0> e, no_coeffs) const {
        V const keep = detail::same_sign(u, e.g);
        if constexpr (is_normalized) return u * (keep * e.reduced);
        else return detail::cautious_select(u, e.g, keep, mode);
    }
};

}  // namespace tzero
