/// @file tzero/modules/detail/homotopy.hpp
/// What the homotopies share (misc/exp_homotopy.hpp and its siblings): the chain minimizes
/// h(f) in place of f. Each evaluation is one closure call for f and ∇f, then one pass
/// g ← h′(f)·∇f over the estimate's buffer (torchzero's autograd through h; h′(f) is the scalar
/// autograd multiplies by); loss-only evaluations are h(f).
#pragma once
#include <tzero/core/gradient_estimate.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {
namespace detail {

/// h(f) and, into the estimate's buffer, h′(f)·∇f; `h` and `slope` are `double(double)`.
template <class C, class H, class S>
double homotopy_estimate(C& ctx, H const& h, S const& slope) {
    double const f = ctx.value_and_gradient();
    double const d = slope(f);
    ctx.transform([d]<class V>(V g) {
        using T = math::scalar_t<V>;
        return V(V(T(d)) * g);
    });
    return h(f);
}

}  // namespace detail

/// A homotopy whose h and h′ are `D::value` and `D::slope` (D also names it).
template <class D>
struct basic_homotopy {
    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr bool approximates_gradient = true;
    static constexpr bool reshapes_loss = true;  // a line search's loss-only trials call `loss`
    static constexpr char const* name = D::name;

    /// h(f) at the parameters, h′(f)·∇f into the estimate's buffer.
    template <class C>
    double estimate(C& ctx) const {
        return detail::homotopy_estimate(ctx, D::value, D::slope);
    }
    /// h(f) alone (a line search's loss-only trial).
    template <class C>
    double loss(C& ctx) const {
        return D::value(ctx.value());
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0>, no_coeffs) const {
        return u;
    }
};

}  // namespace tzero
