/// @file tzero/modules/quasi_newton/sg2.hpp
/// SG2, second-order SPSA (Spall's 2SPSA): a dense Hessian estimate from random simultaneous
/// perturbations of the gradient, over every parameter. On each step that makes one (every
/// `update_freq` from the first), with k the count of earlier estimates:
///   Ĥ = (1/m)·Σ sym(M),  M[i][j] = (∇f(p + c) − ∇f(p − c))_j / (2·c_i),  c = h·z, z Rademacher
///   (m = n_samples, n_first_step_samples on the first; core/curvature.hpp, `sg2`), + damping·I
///   H = Ĥ on the first, then H ← H + (1 − β)(Ĥ − H), β = beta or (k + 1)/(k + 2) (a running mean)
/// and every step d = u/tr(H) while k < start_step, then the least-squares solution of H·d = u.
/// A dense stage and a curvature module (as newton.hpp): the estimate before the passes into the
/// stage's temporaries, taken into its state by the stage; the directions are drawn from (seed,
/// the chain's step, sample), never stored.
/// Matches torchzero `tz.m.SG2(n_samples=1, n_first_step_samples=10, start_step=10, beta=None,
/// damping=1e-4, h=1e-2, seed=None, update_freq=1)` (modules/quasi_newton/sg2.py) but for its
/// random draws (torch's generator there; here tzero's counter-based one, so the same seed gives
/// the same run on any machine): compared by its statistics. `inner` is not offered yet.
/// kind: dense stage (global) and curvature module. state: H and whether it is held, as doubles.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <tuple>

#include <tzero/core/curvature.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct sg2 {
    int n_samples = 1;              ///< perturbations a step
    int n_first_step_samples = 10;  ///< perturbations of the first estimate
    long start_step = 10;           ///< estimates before H preconditions (until then d = u/tr(H))
    double beta = -1;               ///< H's averaging; −1: (k + 1)/(k + 2), a running mean
    double damping = 1e-4;          ///< added to Ĥ's diagonal
    double h = 1e-2;                ///< the perturbations' size
    std::uint64_t seed = 0;         ///< with the step and the sample, keys every direction
    long update_freq = 1;           ///< steps between estimates

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr bool dense = true, uses_curvature = true;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "sg2";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"n_samples", &sg2::n_samples},
                          field{"n_first_step_samples", &sg2::n_first_step_samples},
                          field{"start_step", &sg2::start_step},
                          field{"beta", &sg2::beta},
                          field{"damping", &sg2::damping},
                          field{"h", &sg2::h},
                          field{"seed", &sg2::seed},
                          field{"update_freq", &sg2::update_freq}};
    }
    constexpr void validate() const {
        detail::check(n_samples >= 1 && n_first_step_samples >= 1,
                      "tzero: sg2: n_samples and n_first_step_samples must be >= 1", double(n_samples));
        detail::check(beta == -1 || (beta >= 0 && beta < 1),
                      "tzero: sg2: beta must be in [0, 1), or -1 ((k + 1)/(k + 2))", beta);
        detail::check(h > 0 && h - h == 0, "tzero: sg2: h must be a finite number > 0", h);
        detail::check(update_freq >= 1, "tzero: sg2: update_freq must be >= 1", double(update_freq));
        detail::check(start_step >= 0, "tzero: sg2: start_step must be >= 0", double(start_step));
    }

    static constexpr std::size_t dense_state_size(std::size_t n) { return n * n + 1; }  // H, held
    std::size_t dense_work_size(std::size_t n) const {
        return 2 * n * n + 2 * n + 4 * n + 64 * (2 * n);  // Ĥ, a copy for the solve, pivots, LAPACK's work
    }

    /// The estimates made before step t's (the one made on t is number (t − 1)/update_freq).
    long estimate_index(long t) const { return (t - 1) / update_freq; }

    template <class C>
    void estimate_curvature(C& ctx, int) const {
        if ((ctx.step() - 1) % update_freq != 0) return;
        ctx.sg2(estimate_index(ctx.step()) == 0 ? n_first_step_samples : n_samples, h, seed, ctx.dense_work());
    }

    template <class C>
    void transform(C& ctx, double*) const {
        std::size_t const n = ctx.n;
        if (n == 0) return;
        double* const H = ctx.state;
        double& held = H[n * n];
        double* const fresh = ctx.work;
        double* const A = fresh + n * n;
        int* const pivots = reinterpret_cast<int*>(A + n * n);  // (written by LAPACK alone)
        double* const lapack = A + n * n + n;
        long const k = estimate_index(ctx.step);
        if ((ctx.step - 1) % update_freq == 0) {
            for (std::size_t i = 0; i < n; ++i) fresh[i * n + i] += damping;
            if (held == 0) {
                std::copy_n(fresh, n * n, H);
                held = 1;
            } else {
                double const b = beta == -1 ? double(k + 1) / double(k + 2) : beta;
                for (std::size_t i = 0; i < n * n; ++i) H[i] += (1 - b) * (fresh[i] - H[i]);
            }
        }
        if (k < start_step) {  // not preconditioned yet: scaled by the trace
            double trace = 0;
            for (std::size_t i = 0; i < n; ++i) trace += H[i * n + i];
            for (std::size_t i = 0; i < n; ++i) ctx.u[i] /= trace;
            return;
        }
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j) A[j * n + i] = H[i * n + j];
        C::linalg::lstsq_transposed(n, A, ctx.u, pivots, lapack);
    }
};

}  // namespace tzero
