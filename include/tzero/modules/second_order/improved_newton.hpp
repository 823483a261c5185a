/// @file tzero/modules/second_order/improved_newton.hpp
/// The improved Newton method (Saheya et al. 2016): Newton's (newton.hpp) with the Hessian J
/// corrected on every step that makes one but the first, from s = p − p′ and y = g − g′ (the raw
/// gradients; p′, g′ those of the last such step):
///   P = J + g·sᵀ · (yᵀ(y − J·s)/clip(yᵀy)) / clip(sᵀs)
/// then solved as Newton's H (damping, the Cholesky/LU/least-squares solve, the eigendecomposition
/// options, the inverse). clip floors at 2·tiny of the parameters' type.
/// Matches torchzero `tz.m.ImprovedNewton(hessian_method='gfd_forward')` (modules/second_order/
/// inm.py) with one correction (docs/modules.md, divergences): with eigval_fn, eigv_tol or truncate
/// torchzero never applies the correction (it tests for a state key the eigendecomposition does
/// not store) and symmetrizes J first; here the correction applies whatever the solve.
/// kind: dense stage (global) and curvature module. state: Newton's, then p′, g′ and whether they
/// are held.
#pragma once
#include <cmath>
#include <cstddef>

#include <tzero/modules/second_order/newton.hpp>

namespace tzero {

namespace detail {
struct improved_newton_update {
    static constexpr char const* name = "improved_newton";
    static constexpr std::size_t extra_state(std::size_t n) { return 2 * n + 1; }  // p′, g′, held
    /// J ← P (above) from the second Hessian on; p′, g′ ← p, g.
    template <class C>
    static void prepare(C const& ctx, double* J, double* extra, double* js) {
        std::size_t const n = ctx.n;
        double* const s = extra;      // p′, then s in its place
        double* const y = extra + n;  // g′, then y
        double& held = extra[2 * n];
        if (held != 0) {
            for (std::size_t i = 0; i < n; ++i) s[i] = ctx.p[i] - s[i], y[i] = ctx.g[i] - y[i];
            ctx.gemv(false, J, s, js);
            double yy = 0, ss = 0, y_rest = 0;
            for (std::size_t i = 0; i < n; ++i) yy += y[i] * y[i], ss += s[i] * s[i], y_rest += y[i] * (y[i] - js[i]);
            double const guard = 2 * ctx.tiny;
            auto const clip = [&](double x) { return std::abs(x) < guard ? std::copysign(guard, x) : x; };
            ctx.ger(y_rest / clip(yy) / clip(ss), ctx.g, s, J);
        }
        for (std::size_t i = 0; i < n; ++i) s[i] = ctx.p[i], y[i] = ctx.g[i];
        held = 1;
    }
};
}  // namespace detail

/// torchzero's `ImprovedNewton` (corrected, above).
using improved_newton = basic_newton<detail::improved_newton_update>;

}  // namespace tzero
