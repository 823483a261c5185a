/// @file tzero/modules/second_order/newton.hpp
/// Newton's method with the Hessian from the closure's gradients, over every parameter:
///   d = (H + damping·I)⁻¹·u,   H by finite differences of gradients along each unit vector
/// (column j: (∇f(p + h·e_j) − g)/h, or central; n more gradients a step, 2n central;
/// core/curvature.hpp, `hessian`), made every `update_freq` steps from the first. The solve, as
/// torchzero's: Cholesky of H's lower triangle; if that fails, LU with partial pivoting; if that
/// fails, least squares (or least squares alone with `use_lstsq`). With `eigval_fn`, `eigv_tol` or
/// `truncate`, H's symmetric eigendecomposition instead: L ← eigval_fn(L), the non-finite
/// eigenvalues dropped, those ≤ eigv_tol·L_max dropped, the `truncate` largest kept, and
/// d = Q·((Qᵀu)/L). With `precompute_inverse` (−1: when update_freq ≥ 10) the inverse (the
/// pseudo-inverse with `use_lstsq`) is made with H and d = H⁻¹·u.
/// A dense stage (core/dense.hpp) that is also a curvature module: the Hessian is made before the
/// passes into the stage's temporaries and taken into its state by the stage (a closure that
/// throws on the way changes nothing), the solve runs on the host with LAPACK
/// (backends/cpu/blas.hpp). O(n²) state, O(n³) work on the steps that make H.
/// Matches torchzero `tz.m.Newton(damping=0, eigval_fn=None, eigv_tol=None, truncate=None,
/// update_freq=1, precompute_inverse=None, use_lstsq=False, hessian_method='gfd_forward', h=1e-3)`
/// (modules/second_order/newton.py); its autograd Hessians (its default) have no C++ counterpart,
/// its function-value 'fd' is not offered, `eigval_fn` is a function of one eigenvalue (code: not
/// printed or saved), and `inner` is not offered yet. Where torchzero fails (an eigendecomposition
/// that does not converge, no finite eigenvalue, a singular inverse) tzero falls back: to the
/// solve, to d = 0, to the solve.
/// kind: dense stage (global) and curvature module. state: H, the eigenvectors or the inverse, the
/// eigenvalues, their count and the form in use, as doubles.
#pragma once
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <tuple>

#include <tzero/core/curvature.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

/// How Newton's Hessian is made from the closure (torchzero's finite-difference `hessian_method`s).
enum class hessian_method { gfd_forward, gfd_central };
constexpr std::array<char const*, 2> enumerators(hessian_method) { return {"gfd_forward", "gfd_central"}; }

namespace detail {
/// Plain Newton: the Hessian as it is made.
struct plain_newton {
    static constexpr char const* name = "newton";
    static constexpr std::size_t extra_state(std::size_t) { return 0; }
    template <class C>
    static void prepare(C const&, double*, double*, double*) {}
};
}  // namespace detail

namespace detail {
/// The Hessian from the closure (core/curvature.hpp) into a dense stage's temporaries, on the steps
/// that make one: every `update_freq` from the first.
template <class C>
void newton_hessian(C& ctx, long update_freq, hessian_method method, double h) {
    if ((ctx.step() - 1) % update_freq == 0) ctx.hessian(hvp_method(int(method)), h, ctx.dense_work());
}
}  // namespace detail

/// Newton's method with the matrix `Variant` makes of the Hessian on the steps that make one
/// (`prepare(ctx, H, extra_state, scratch)`, its name and its `extra_state(n)` doubles).
template <class Variant>
struct basic_newton {
    double damping = 0;                     ///< added to H's diagonal
    double (*eigval_fn)(double) = nullptr;  ///< applied to each eigenvalue (a function: code, not saved)
    double eigv_tol = -1;                   ///< drop eigenvalues ≤ eigv_tol·L_max (negative: keep all)
    long truncate = 0;                      ///< keep the largest `truncate` eigenvalues (0: all)
    long update_freq = 1;                   ///< steps between Hessians
    int precompute_inverse = -1;  ///< 1: make H⁻¹ with H, 0: solve each step, −1: when update_freq ≥ 10
    bool use_lstsq = false;       ///< least squares alone (and the pseudo-inverse)
    tzero::hessian_method hessian_method = tzero::hessian_method::gfd_forward;
    double h = 1e-3;  ///< the finite differences' step

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr bool dense = true, uses_curvature = true;
    static constexpr int state_slots = 0;
    static constexpr char const* name = Variant::name;
    static constexpr auto hyperparameters() {
        using self = basic_newton;
        return std::tuple{field{"damping", &self::damping},
                          field{"eigv_tol", &self::eigv_tol},
                          field{"truncate", &self::truncate},
                          field{"update_freq", &self::update_freq},
                          field{"precompute_inverse", &self::precompute_inverse},
                          field{"use_lstsq", &self::use_lstsq},
                          field{"hessian_method", &self::hessian_method},
                          field{"h", &self::h}};
    }

    constexpr void validate() const {
        using detail::named_message;
        detail::check(damping - damping == 0, named_message<Variant, ": damping must be a finite number">.data(),
                      damping);
        detail::check(truncate >= 0,
                      named_message<Variant, ": truncate must be >= 0 (0: keep every eigenvalue)">.data(),
                      double(truncate));
        detail::check(update_freq >= 1, named_message<Variant, ": update_freq must be >= 1">.data(),
                      double(update_freq));
        detail::check(precompute_inverse >= -1 && precompute_inverse <= 1,
                      named_message<Variant, ": precompute_inverse must be 1, 0 or -1 (when update_freq >= 10)">.data(),
                      double(precompute_inverse));
        detail::check(h > 0 && h - h == 0, named_message<Variant, ": h must be a finite number > 0">.data(), h);
    }

    // state: H, then F (the eigenvectors, one a row, or the inverse), L, the eigenvalues kept, the form
    enum form : int { no_form = 0, solve_form = 1, inverse_form = 2, eigen_form = 3 };
    static constexpr std::size_t dense_state_size(std::size_t n) { return 2 * n * n + n + 2 + Variant::extra_state(n); }
    // the Hessian made before the passes, a factor's copy, the right-hand side, 3n + 2 for ints,
    // LAPACK's work
    static constexpr std::size_t lapack_work(std::size_t n) {
        std::size_t const eigh = 1 + 6 * n + 2 * n * n, lstsq = 4 * n + 64 * (2 * n);
        return std::max({eigh, lstsq, 64 * n});
    }
    std::size_t dense_work_size(std::size_t n) const { return 2 * n * n + 4 * n + 2 + lapack_work(n); }

    bool eigen() const { return eigval_fn != nullptr || eigv_tol >= 0 || truncate > 0; }

    /// The Hessian from the closure, on the steps that make one.
    template <class C>
    void estimate_curvature(C& ctx, int) const {
        detail::newton_hessian(ctx, update_freq, hessian_method, h);
    }

    /// The stage: on a Hessian's step, H into the state with its factor; then d from u in place.
    template <class C>
    void transform(C& ctx, double*) const {
        using linalg = typename C::linalg;
        std::size_t const n = ctx.n;
        if (n == 0) return;
        double* const H = ctx.state;
        double* const F = H + n * n;
        double* const L = F + n * n;
        double& kept = L[n];
        double& in_use = L[n + 1];
        double* const fresh = ctx.work;
        double* const A = fresh + n * n;
        double* const b = A + n * n;
        int* const ints = reinterpret_cast<int*>(b + n);  // (written by LAPACK alone)
        double* const lapack = b + 4 * n + 2;
        double* const u = ctx.u;

        if ((ctx.step - 1) % update_freq == 0) {
            Variant::prepare(ctx, fresh, L + n + 2, b);
            std::copy_n(fresh, n * n, H);
            for (std::size_t i = 0; i < n; ++i) H[i * n + i] += damping;
            in_use = solve_form;
            bool const invert = precompute_inverse == 1 || (precompute_inverse == -1 && update_freq >= 10);
            if (eigen()) {
                std::copy_n(H, n * n, A);
                if (linalg::eigh(n, A, b, lapack, ints)) {
                    in_use = eigen_form;
                    regularize(n, A, b, F, L, kept);
                }
            } else if (invert && use_lstsq) {  // the pseudo-inverse: least squares against I
                transpose(n, H, A);
                std::fill_n(F, n * n, 0.0);
                for (std::size_t i = 0; i < n; ++i) F[i * n + i] = 1;
                linalg::lstsq_transposed(n, A, F, ints, lapack, n);  // column j of H⁺: row j of F
                transpose(n, F, A);
                std::copy_n(A, n * n, F);
                in_use = inverse_form;
            } else if (invert) {
                std::copy_n(H, n * n, F);
                if (linalg::inverse(n, F, ints, lapack)) in_use = inverse_form;
            }
        }

        if (in_use == double(eigen_form)) {  // d = Q·((Qᵀu)/L), eigenvector j in row j of F
            std::size_t const r = std::size_t(kept);
            for (std::size_t j = 0; j < r; ++j) {
                double t = 0;
                for (std::size_t i = 0; i < n; ++i) t += F[j * n + i] * u[i];
                b[j] = t / L[j];
            }
            std::fill_n(A, n, 0.0);
            for (std::size_t j = 0; j < r; ++j)
                for (std::size_t i = 0; i < n; ++i) A[i] += F[j * n + i] * b[j];
            std::copy_n(A, n, u);
            return;
        }
        if (in_use == double(inverse_form)) {
            ctx.gemv(false, F, u, b);
            std::copy_n(b, n, u);
            return;
        }
        // Cholesky, then LU, then least squares (or least squares alone)
        if (!use_lstsq) {
            std::copy_n(H, n * n, A);
            std::copy_n(u, n, b);
            if (linalg::cholesky_solve(n, A, b)) return std::copy_n(b, n, u), void();
            transpose(n, H, A);
            std::copy_n(u, n, b);
            if (linalg::solve_transposed(n, A, b, ints)) return std::copy_n(b, n, u), void();
        }
        transpose(n, H, A);
        linalg::lstsq_transposed(n, A, u, ints, lapack);
    }

  private:
    static void transpose(std::size_t n, double const* from, double* to) {
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j) to[j * n + i] = from[i * n + j];
    }

    /// torchzero's `regularize_eigh` after eigval_fn: eigenpairs (ascending, vector j in row j of
    /// `Q`) into F and L, the non-finite, the small and all but the largest `truncate` dropped.
    void regularize(std::size_t n, double const* Q, double* w, double* F, double* L, double& kept) const {
        if (eigval_fn)
            for (std::size_t j = 0; j < n; ++j) w[j] = eigval_fn(w[j]);
        std::size_t r = 0;
        for (std::size_t j = 0; j < n; ++j)  // the finite ones, in order
            if (std::isfinite(w[j])) {
                L[r] = w[j];
                std::copy_n(Q + j * n, n, F + r * n);
                ++r;
            }
        if (r > 0 && eigv_tol >= 0) {
            double const largest = L[r - 1];
            std::size_t m = 0;
            for (std::size_t j = 0; j < r; ++j)
                if (L[j] > eigv_tol * largest) {
                    L[m] = L[j];
                    if (m != j) std::copy_n(F + j * n, n, F + m * n);
                    ++m;
                }
            r = m;
        }
        if (truncate > 0 && std::size_t(truncate) < r) {
            std::size_t const drop = r - std::size_t(truncate);
            for (std::size_t j = drop; j < r; ++j) {
                L[j - drop] = L[j];
                std::copy_n(F + j * n, n, F + (j - drop) * n);
            }
            r -= drop;
        }
        kept = double(r);
    }
};

/// torchzero's `Newton`.
using newton = basic_newton<detail::plain_newton>;

}  // namespace tzero
