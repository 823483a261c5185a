/// @file tzero/modules/second_order/inverse_free_newton.hpp
/// The inverse-free Newton method (Massalski & Nockowska-Rosiak 2025): d = Y·u, Y an approximation
/// of H⁻¹ kept by a Newton–Schulz step each time the Hessian H is made (every `update_freq` steps
/// from the first; H by finite differences of the closure's gradients, as newton.hpp's):
///   Y₀ = Hᵀ / clamp(‖H‖₁·‖H‖∞, 2·tiny, max/2),   then Y ← Y·(2I − H·Y)
/// (‖·‖₁ the largest column sum, ‖·‖∞ the largest row sum). No factorization: two n×n matrix
/// products (BLAS dgemm) a Hessian.
/// Matches torchzero `tz.m.InverseFreeNewton(hessian_method='gfd_forward')` (modules/second_order/
/// ifn.py); its autograd Hessians have no C++ counterpart, its `inner` is not offered yet.
/// kind: dense stage (global) and curvature module. state: H, Y and whether Y is held, as doubles.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <tuple>

#include <tzero/core/curvature.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>
#include <tzero/modules/second_order/newton.hpp>

namespace tzero {

struct inverse_free_newton {
    long update_freq = 1;  ///< steps between Hessians
    tzero::hessian_method hessian_method = tzero::hessian_method::gfd_forward;
    double h = 1e-3;  ///< the finite differences' step

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr bool dense = true, uses_curvature = true;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "inverse_free_newton";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"update_freq", &inverse_free_newton::update_freq},
                          field{"hessian_method", &inverse_free_newton::hessian_method},
                          field{"h", &inverse_free_newton::h}};
    }
    constexpr void validate() const {
        detail::check(update_freq >= 1, "tzero: inverse_free_newton: update_freq must be >= 1", double(update_freq));
        detail::check(h > 0 && h - h == 0, "tzero: inverse_free_newton: h must be a finite number > 0", h);
    }

    static constexpr std::size_t dense_state_size(std::size_t n) { return 2 * n * n + 1; }  // H, Y, Y held
    std::size_t dense_work_size(std::size_t n) const { return 2 * n * n + n; }              // the new H, a product, d

    /// The Hessian from the closure, on the steps that make one (newton.hpp's).
    template <class C>
    void estimate_curvature(C& ctx, int) const {
        detail::newton_hessian(ctx, update_freq, hessian_method, h);
    }

    template <class C>
    void transform(C& ctx, double*) const {
        std::size_t const n = ctx.n;
        if (n == 0) return;
        double* const H = ctx.state;
        double* const Y = H + n * n;
        double& held = Y[n * n];
        double* const fresh = ctx.work;
        double* const T = fresh + n * n;
        double* const d = T + n * n;
        if ((ctx.step - 1) % update_freq == 0) {
            std::copy_n(fresh, n * n, H);
            if (held == 0) {
                double columns = 0, rows = 0;  // ‖H‖₁, ‖H‖∞
                for (std::size_t j = 0; j < n; ++j) {
                    double c = 0, r = 0;
                    for (std::size_t i = 0; i < n; ++i) c += std::abs(H[i * n + j]), r += std::abs(H[j * n + i]);
                    columns = std::max(columns, c), rows = std::max(rows, r);
                }
                double const scale = std::clamp(columns * rows, 2 * ctx.tiny, std::numeric_limits<double>::max() / 2);
                for (std::size_t i = 0; i < n; ++i)
                    for (std::size_t j = 0; j < n; ++j) Y[j * n + i] = H[i * n + j] / scale;
                held = 1;
            } else {  // Y ← Y·(2I − H·Y)
                C::linalg::gemm(n, H, Y, T);
                for (std::size_t i = 0; i < n * n; ++i) T[i] = -T[i];
                for (std::size_t i = 0; i < n; ++i) T[i * n + i] += 2;
                C::linalg::gemm(n, Y, T, fresh);
                std::copy_n(fresh, n * n, Y);
            }
        }
        ctx.gemv(false, Y, ctx.u, d);
        std::copy_n(d, n, ctx.u);
    }
};

}  // namespace tzero
