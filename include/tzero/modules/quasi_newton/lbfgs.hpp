/// @file tzero/modules/quasi_newton/lbfgs.hpp
/// Limited-memory BFGS (Nocedal 1980; Liu & Nocedal 1989): the update u times the inverse-Hessian
/// approximation built from the last M pairs s = p − p′, y = u − u′ (p′, u′ the previous step's
/// parameter and update), all over every parameter:
///   history: after the first step, push (s, y) when sᵀy > sy_tol, unless max|s| ≤ ptol or
///            max|y| ≤ gtol (then p′, u′ keep their values, and with ptol_restart / gtol_restart
///            the history and the step count are cleared); the oldest pair leaves a full history
///   d = H·u with H₀ = γI, γ = sᵀy / yᵀy of the newest pair; d = u while the history is empty, and
///       on the first step (after a restart) d = u·clamp(1/Σ|u|, max(1e-7, ε)/max|u|, 1) when
///       scale_first
/// H·u is the two-loop recursion's product, computed from Byrd, Nocedal & Schnabel's compact form
///   H·u = γu + S·p − γ·Y·r,   r = R⁻¹ Sᵀu,   p = R⁻ᵀ((D + γ·YᵀY)·r − γ·Yᵀu)
/// (R the upper triangle of SᵀY in history order, D its diagonal), so that every dot product the
/// step needs is summed in one pass: Sᵀu, Yᵀu and, for the new pair, Sᵀy, Yᵀy, sᵀy, yᵀy; the
/// small matrices are kept as persistent scalars and the k×k solves run on the host. A step is
/// 2 passes (the sums, then d, the new pair and p′, u′ written in place).
/// Matches torchzero `tz.m.LBFGS(history_size=10, ptol=1e-32, ptol_restart=False, gtol=1e-32,
/// gtol_restart=False, sy_tol=1e-32, scale_first=True)` (modules/quasi_newton/lbfgs.py); its
/// `update_freq`, `damping` and `inner` are not offered yet. A negative ptol or gtol is its None.
/// kind: reduce (global; 4·M + 6 sums, 3 maxima), 3 + 2·M² persistent scalars (the step count,
/// the history's size and oldest slot, SᵀY and YᵀY by slot). state: 2·M + 2 slots (S, Y, p′, u′).
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/modules/detail/finfo.hpp>
#include <tzero/modules/detail/pair_history.hpp>

namespace tzero {

template <int M = 10>
struct lbfgs {
    static_assert(M >= 1, "tzero: lbfgs<M>: the history must hold at least one pair");

    double ptol = 1e-32;        ///< skip the pair when max|s| ≤ ptol (negative: never)
    bool ptol_restart = false;  ///< ... and clear the history
    double gtol = 1e-32;        ///< skip the pair when max|y| ≤ gtol (negative: never)
    bool gtol_restart = false;  ///< ... and clear the history
    double sy_tol = 1e-32;      ///< keep a pair only when sᵀy > sy_tol (positive curvature)
    bool scale_first = true;    ///< scale the first step to at most unit ℓ₁ length

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr bool uses_param = true;
    static constexpr int history_size = M;
    using history = detail::pair_history<M, false>;
    static constexpr int state_slots = history::slots;  // S by slot, Y by slot, p′, u′
    // sᵀy, yᵀy, sᵀu, yᵀu, Σ|u|, the element size, Sᵀu, Yᵀu, Sᵀy, Yᵀy; maxima max|s|, max|y|, max|u|
    static constexpr int reduce_terms = history::term_count;
    static constexpr int reduce_maxima = history::maxima;
    // u's coefficient, S's and Y's by slot, the slot the new pair takes (−1: none), whether p′, u′ move
    static constexpr int reduce_outputs = history::outputs;
    static constexpr int reduce_slots = history::scalars;  // step, pairs, oldest slot, SᵀY, YᵀY
    static constexpr int slots_written_per_step = 4;       // the new pair, p′, u′ (core/module.hpp)
    static constexpr char const* name = "lbfgs";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"ptol", &lbfgs::ptol},     field{"ptol_restart", &lbfgs::ptol_restart},
                          field{"gtol", &lbfgs::gtol},     field{"gtol_restart", &lbfgs::gtol_restart},
                          field{"sy_tol", &lbfgs::sy_tol}, field{"scale_first", &lbfgs::scale_first}};
    }

    constexpr void validate() const {
        detail::check(sy_tol >= 0, "tzero: lbfgs: sy_tol must be >= 0 (a pair needs positive curvature)", sy_tol);
    }

    template <class V, int N>
    TZERO_HD terms<V, reduce_terms> reduce_term(V u, element<V, N, reduce_outputs> e, no_coeffs) const {
        return history::sum_terms(u, e);
    }

    /// The history's bookkeeping and d's coefficients (above), on the host.
    TZERO_HD terms<double, reduce_outputs> finalize(reduction<reduce_terms, reduce_slots> r) const {
        double* const st = r.state;
        double* const sy = st + 3;      // SᵀY[i][j] = s_iᵀy_j, slots i, j
        double* const yy = sy + M * M;  // YᵀY[i][j]
        double const* const sum = r.sum;
        terms<double, reduce_outputs> out{};
        out[0] = 1;
        auto const [w, k, head] = history::push(st, sum, out, ptol, ptol_restart, gtol, gtol_restart,
                                                [this](double sy_new) { return sy_new > sy_tol; });

        if (k == 0) {
            if (scale_first && st[0] == 1)
                out[0] =
                    detail::initial_step_size(sum[4], sum[history::max_u], detail::finfo_from(sum[5], r.count), 1e-7);
            return out;
        }
        // chronological order: slot of the i-th oldest pair
        int slot[M] = {};
        for (int i = 0; i < k; ++i) slot[i] = (head + i) % M;
        auto const su = [&](int j) { return j == w ? sum[2] : sum[history::su + j]; };
        auto const yu = [&](int j) { return j == w ? sum[3] : sum[history::yu + j]; };
        int const last = slot[k - 1];
        double const gamma = sy[last * M + last] / yy[last * M + last];
        double rr[M] = {}, t[M] = {}, p[M] = {};
        for (int i = k - 1; i >= 0; --i) {  // r = R⁻¹ Sᵀu, R upper: back substitution
            double a = su(slot[i]);
            for (int j = i + 1; j < k; ++j) a -= sy[slot[i] * M + slot[j]] * rr[j];
            rr[i] = a / sy[slot[i] * M + slot[i]];
        }
        for (int i = 0; i < k; ++i) {  // (D + γ·YᵀY)·r − γ·Yᵀu
            double a = 0;
            for (int j = 0; j < k; ++j) a += yy[slot[i] * M + slot[j]] * rr[j];
            t[i] = sy[slot[i] * M + slot[i]] * rr[i] + gamma * a - gamma * yu(slot[i]);
        }
        for (int i = 0; i < k; ++i) {  // p = R⁻ᵀ t, Rᵀ lower: forward substitution
            double a = t[i];
            for (int j = 0; j < i; ++j) a -= sy[slot[j] * M + slot[i]] * p[j];
            p[i] = a / sy[slot[i] * M + slot[i]];
        }
        out[0] = gamma;
        for (int i = 0; i < k; ++i) {
            out[1 + slot[i]] = p[i];
            out[1 + M + slot[i]] = -gamma * rr[i];
        }
        return out;
    }

    /// The slots a step writes (the new pair's, p′ and u′ when they move; detail::pair_history).
    template <class R>
    TZERO_HD std::uint64_t written_slots(R const* out) const {
        return history::written_slots(out);
    }

    /// d = c·u + Σ c_S·S + Σ c_Y·Y, the new pair in its slot (and read there already), p′ and u′.
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N, reduce_outputs> e, no_coeffs) const {
        return history::apply(u, e);
    }
};

}  // namespace tzero
