/// @file tzero/modules/clipping/clip_norm.hpp
/// ClipNorm: scales the update down so that its p-norm is at most `max_norm`.
///   n = ‖u‖ₚ per tensor (`clip_norm(1.0)`), over all parameters (`clip_norm(1.0, global)`) or
///       per slice over dims (`clip_norm(1.0, per_slice(-1))`: per row of a matrix; core/slices.hpp),
///       p = `ord` (2; any p as torch.linalg.vector_norm: ∞ is max|u|, −∞ min|u|, 0 the count
///       of nonzeros), or the statistic `ord` names: "mad", "std", "var", "sum" (core/metric.hpp)
///   u ← u · min(1, max_norm / n)
/// Matches torchzero `tz.m.ClipNorm(max_norm, ord=2, dim=None | 'global' | dims, inverse_dims)`
/// (modules/clipping/clipping.py): per tensor, a tensor with fewer than `min_size` elements or a
/// zero norm is left alone and a norm ≤ 1e-12 counts as 1; per slice, a tensor whose slices have
/// fewer than `min_size` elements is left alone, a zero norm only when the tensor is one slice,
/// and a norm ≤ 1e-12 counts as 1; globally, only a zero norm is left alone. torchzero builds the per-tensor dims from the first tensor's rank and reuses them for
/// later tensors (a later tensor of higher rank gets a per-slice norm); tzero always takes the
/// whole tensor's norm, the intended math (docs/modules.md lists this divergence). A negative
/// "sum" counts as 1 per tensor (torchzero's `norm <= 1e-12`) and flips the update globally.
/// kind: reduce (the metric's two sums and a maximum, per tensor, per slice or over all tensors). state: none.
#pragma once
#include <cstddef>
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/core/slice_dims.hpp>
#include <tzero/modules/detail/vector_norm.hpp>

namespace tzero {

template <class Scope = per_tensor_t>
struct clip_norm {
    double max_norm = std::numeric_limits<double>::quiet_NaN();  ///< required, as in torchzero
    Scope scope{};             ///< `per_tensor` (dim=None), `global` (dim='global') or `per_slice(dims...)`
    std::size_t min_size = 1;  ///< per tensor or slice: smaller ones are not clipped
    metric ord = 2;            ///< the norm's order p, or a statistic ("std")

    using kind = reduce;
    using reduce_scope = Scope;
    static constexpr int reduce_terms = 3;  // the metric's two sums, max ±|u| (detail/vector_norm.hpp)
    static constexpr int reduce_maxima = 1;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "clip_norm";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"max_norm", &clip_norm::max_norm}, field{"scope", &clip_norm::scope},
                          field{"min_size", &clip_norm::min_size}, field{"ord", &clip_norm::ord}};
    }

    constexpr void validate() const {
        detail::check(max_norm >= 0, "tzero: clip_norm: max_norm must be >= 0 (write clip_norm(1.0))", max_norm);
        detail::check_metric(ord,
                             "tzero: clip_norm: ord must be a number or a name (2 is the L2 norm, inf the "
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
        double factor = max_norm / norm;
        return math::min(1.0, factor);  // a NaN norm gives NaN, as torch's clamp(max=1)
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0> e, no_coeffs) const {
        return u * e.reduced;
    }
};

}  // namespace tzero
