/// @file tzero/modules/clipping/normalize.hpp
/// Normalize: scales the update to p-norm `norm_value`.
///   n = ‖u‖ₚ per tensor (`normalize()`), over all parameters (`normalize(1.0, global)`) or per
///       slice over dims (`normalize(1.0, per_slice(0))`: per column of a matrix; core/slices.hpp)
///   u ← u · norm_value / n
/// Matches torchzero `tz.m.Normalize(norm_value=1, ord=2, dim=None | 'global' | dims, inverse_dims,
/// min_size=1)` (modules/clipping/clipping.py): per tensor, a tensor with fewer than `min_size`
/// elements or a zero norm is left alone and a norm ≤ 1e-12 counts as 1; per slice the same, with
/// `min_size` compared with a slice's size and a zero norm left alone only when the tensor is one
/// slice. Globally torchzero divides by the norm unguarded, so a zero update becomes NaN; tzero
/// leaves a zero update alone (docs/modules.md).
/// `ord` is any p or a named statistic, as clip_norm's (∞: max|u|, "std": the standard deviation;
/// core/metric.hpp). A negative "sum" counts as 1 per tensor and flips the update globally.
/// kind: reduce (the metric's two sums and a maximum, per tensor, per slice or over all tensors). state: none.
#pragma once
#include <cstddef>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/core/slice_dims.hpp>
#include <tzero/modules/detail/vector_norm.hpp>

namespace tzero {

template <class Scope = per_tensor_t>
struct normalize {
    double norm_value = 1;     ///< the norm the update gets
    Scope scope{};             ///< `per_tensor` (dim=None), `global` (dim='global') or `per_slice(dims...)`
    metric ord = 2;            ///< the norm's order p, or a statistic ("std")
    std::size_t min_size = 1;  ///< per tensor or slice: smaller ones are left alone

    using kind = reduce;
    using reduce_scope = Scope;
    static constexpr int reduce_terms = 3;  // the metric's two sums, max ±|u| (detail/vector_norm.hpp)
    static constexpr int reduce_maxima = 1;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "normalize";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"norm_value", &normalize::norm_value}, field{"scope", &normalize::scope},
                          field{"ord", &normalize::ord}, field{"min_size", &normalize::min_size}};
    }

    constexpr void validate() const {
        detail::check(norm_value - norm_value == 0,
                      "tzero: normalize: norm_value must be a finite number (write normalize(1.0))", norm_value);
        detail::check_metric(ord,
                             "tzero: normalize: ord must be a number or a name (2 is the L2 norm, inf the "
                             "largest |u|, \"std\" the standard deviation)");
    }
    template <class V>
    TZERO_HD terms<V, 3> reduce_term(V u, element<V, 0>, no_coeffs) const {
        return detail::metric_terms(ord, u);
    }

    /// The factor applied to every element of the tensor (or of all tensors).
    TZERO_HD double finalize(reduction<3> r) const {
        double norm;
        if (!detail::guarded_norm<Scope>(r, ord, min_size, norm)) return 1;
        return norm_value / norm;
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0> e, no_coeffs) const {
        return u * e.reduced;
    }
};

}  // namespace tzero
