/// @file tzero/modules/detail/barzilai_borwein.hpp
/// What barzilai_borwein, bb_stab and adgd share: torchzero's Barzilai-Borwein step sizes from
/// the sums sᵀy, yᵀy, sᵀs, its `_acceptable_alpha` check for the parameters' element type, and its
/// `epsilon_step_size` fallback, each from reduce terms (modules/step_size/adaptive.py,
/// modules/opt_utils.py).
#pragma once
#include <array>

#include <tzero/core/config.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/modules/detail/finfo.hpp>

namespace tzero {

/// Which Barzilai-Borwein step size: sᵀy/yᵀy ("short"), sᵀs/sᵀy ("long"), their geometric mean
/// ("geom"), or the geometric mean that falls back on whichever of the two exists
/// ("geom-fallback"). The enumerators are spelled `short_step` and `long_step` (`short` and `long`
/// are C++ keywords); `describe` and checkpoints use torchzero's strings.
enum class bb_type { short_step, long_step, geom, geom_fallback };
constexpr std::array<char const*, 4> enumerators(bb_type) { return {"short", "long", "geom", "geom-fallback"}; }

namespace detail {

/// torchzero's `_acceptable_alpha`: at least 2·tiny, finite and at most max/2 (NaN fails).
TZERO_HD bool acceptable_alpha(double alpha, finfo f) { return alpha >= 2 * f.tiny && alpha <= f.max / 2; }

/// torchzero's `epsilon_step_size(u, alpha_0)` from max|u| (every module here folds |u| as its
/// last reduce term, a maximum: `reduce_maxima = 1`): 1 when max|u| < alpha_0, alpha_0 / max|u|
/// when it is below 1, else alpha_0 (a NaN update gives alpha_0, as torchzero's comparisons do).
TZERO_HD double epsilon_step_size(double max_abs, double alpha_0) {
    if (max_abs < alpha_0) return 1;
    if (max_abs < 1) return alpha_0 / max_abs;
    return alpha_0;
}

/// A step size, or none (torchzero's None).
struct maybe_alpha {
    double value;
    bool some;
};

/// torchzero's `_bb_short`, `_bb_long` and `_bb_geom` from the sums sᵀy, yᵀy, sᵀs.
TZERO_HD maybe_alpha bb_short(double sy, double yy, double ss, double eps) {
    if (yy < eps) {
        if (sy < eps) return {0, false};  // try to fall back on long
        return {ss / sy, true};
    }
    return {sy / yy, true};
}
TZERO_HD maybe_alpha bb_long(double sy, double yy, double ss, double eps) {
    if (sy < eps) {
        if (yy < eps) return {0, false};  // try to fall back on short
        return {sy / yy, true};
    }
    return {ss / sy, true};
}
TZERO_HD maybe_alpha bb_alpha(bb_type type, double sy, double yy, double ss, double eps) {
    if (type == bb_type::short_step) return bb_short(sy, yy, ss, eps);
    if (type == bb_type::long_step) return bb_long(sy, yy, ss, eps);
    maybe_alpha const s = bb_short(sy, yy, ss, eps), l = bb_long(sy, yy, ss, eps);
    if (!s.some || !l.some) {
        if (type == bb_type::geom_fallback) return s.some ? s : l;
        return {0, false};
    }
    return {math::sqrt(s.value * l.value), true};
}

/// The terms every module here folds, in this order: sᵀy, yᵀy, sᵀs with s = p − prev_p and
/// y = c − prev_c (`state[0]`, `state[1]`; c is the gradient, or the update u entering the module,
/// as the module's `use_grad` says), the element size (`bb_size`), then `Extra` terms the module
/// fills itself (0 here; sums, or maxima just before the last), then max|inner(u)| (the last
/// maximum, for `epsilon_step_size`; `inner` is the module's inner chain, or none).
inline constexpr int bb_terms = 5, bb_size = 3;
template <int Extra = 0, class M, class V, int N, class K>
TZERO_HD terms<V, bb_terms + Extra> bb_reduce_terms(M const& m, V u, element<V, N> const& e, K const& k) {
    V const out = value_of<&M::inner>(m, k, u, e);
    V const s = e.p - e.state[0], y = (m.use_grad ? e.g : u) - e.state[1];
    terms<V, bb_terms + Extra> t{{s * y, y * y, s * s, element_size_term<V>()}};
    t[bb_terms + Extra - 1] = math::abs(out);
    return t;
}

/// The apply of every module here: keeps p and c for the next step's differences, and scales
/// inner(u) by the finalized step size.
template <class M, class V, int N, class K>
TZERO_HD V bb_store_and_scale(M const& m, V u, element<V, N> e, K const& k) {
    V const out = value_of<&M::inner>(m, k, u, e);
    e.state[0] = e.p;
    e.state[1] = m.use_grad ? e.g : u;
    return out * e.reduced;
}

}  // namespace detail
}  // namespace tzero
