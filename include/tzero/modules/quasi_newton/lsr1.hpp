/// @file tzero/modules/quasi_newton/lsr1.hpp
/// Limited-memory SR1: the update u times the inverse-Hessian approximation of the symmetric
/// rank-one updates from the last M pairs s = p − p′, y = u − u′ (p′, u′ the previous step's
/// parameter and update), all over every parameter, starting from H₀ = I:
///   history: after the first step, push (s, y) unless max|s| ≤ ptol or max|y| ≤ gtol (then p′,
///            u′ keep their values, and with ptol_restart / gtol_restart the history and the step
///            count are cleared); the oldest pair leaves a full history
///   w_k = s_k − H_{k−1}·y_k,   H_k = H_{k−1} + w_k·w_kᵀ / (w_kᵀy_k)   (oldest pair first; a pair
///         whose |w_kᵀy_k| < 2·tiny of the parameters' type is skipped)
///   d = H·u;  d = u while the history is empty, and on the first step (after a restart)
///       d = u·clamp(1/Σ|u|, max(1e-7, ε)/max|u|, 1) when scale_first
/// The recursion runs on the host over the pairs' Gram matrices (SᵀY both ways, YᵀY, kept as
/// persistent scalars; Sᵀu and Yᵀu summed in the step's pass): each w_k is held as coefficients
/// on S and Y, so d = u + Σ c_S·S + Σ c_Y·Y is written in the pass that follows, with the new pair
/// and p′, u′ (detail::pair_history, lbfgs.hpp's). A step is 2 passes.
/// Matches torchzero `tz.m.LSR1(history_size=10, ptol=None, ptol_restart=False, gtol=None,
/// gtol_restart=False, scale_first=False)` (modules/quasi_newton/lsr1.py); its `update_freq`,
/// `damping` and `inner` are not offered yet. A negative ptol or gtol is its None.
/// kind: reduce (global; 5·M + 6 sums, 3 maxima), 3 + 2·M² persistent scalars (the step count,
/// the history's size and oldest slot, SᵀY and YᵀY by slot). state: 2·M + 2 slots (S, Y, p′, u′).
#pragma once
#include <cmath>
#include <cstdint>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/modules/detail/finfo.hpp>
#include <tzero/modules/detail/pair_history.hpp>

namespace tzero {

template <int M = 10>
struct lsr1 {
    static_assert(M >= 1, "tzero: lsr1<M>: the history must hold at least one pair");

    double ptol = -1;           ///< skip the pair when max|s| ≤ ptol (negative: never, torchzero's None)
    bool ptol_restart = false;  ///< ... and clear the history
    double gtol = -1;           ///< skip the pair when max|y| ≤ gtol (negative: never)
    bool gtol_restart = false;  ///< ... and clear the history
    bool scale_first = false;   ///< scale the first step to at most unit ℓ₁ length

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr bool uses_param = true;
    static constexpr int history_size = M;
    using history = detail::pair_history<M, true>;
    static constexpr int state_slots = history::slots;  // S by slot, Y by slot, p′, u′
    static constexpr int reduce_terms = history::term_count;
    static constexpr int reduce_maxima = history::maxima;
    static constexpr int reduce_outputs = history::outputs;
    static constexpr int reduce_slots = history::scalars;
    static constexpr int slots_written_per_step = 4;  // the new pair, p′, u′ (core/module.hpp)
    static constexpr char const* name = "lsr1";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"ptol", &lsr1::ptol}, field{"ptol_restart", &lsr1::ptol_restart},
                          field{"gtol", &lsr1::gtol}, field{"gtol_restart", &lsr1::gtol_restart},
                          field{"scale_first", &lsr1::scale_first}};
    }

    template <class V, int N>
    TZERO_HD terms<V, reduce_terms> reduce_term(V u, element<V, N, reduce_outputs> e, no_coeffs) const {
        return history::sum_terms(u, e);
    }

    /// The history's bookkeeping and d's coefficients (above), on the host.
    TZERO_HD terms<double, reduce_outputs> finalize(reduction<reduce_terms, reduce_slots> r) const {
        double* const st = r.state;
        double const* const sy = st + 3;      // SᵀY[i][j] = s_iᵀy_j, slots i, j
        double const* const yy = sy + M * M;  // YᵀY[i][j]
        double const* const sum = r.sum;
        terms<double, reduce_outputs> out{};
        out[0] = 1;
        auto const [w, k, head] =
            history::push(st, sum, out, ptol, ptol_restart, gtol, gtol_restart, [](double) { return true; });
        if (k == 0) {
            if (scale_first && st[0] == 1)
                out[0] =
                    detail::initial_step_size(sum[4], sum[history::max_u], detail::finfo_from(sum[5], r.count), 1e-7);
            return out;
        }
        // pairs in chronological order (slot[i] the i-th oldest); w_k = Σ_i a[k][i]·s_i + b[k][i]·y_i
        int slot[M] = {};
        for (int i = 0; i < k; ++i) slot[i] = (head + i) % M;
        auto const s_y = [&](int i, int j) { return sy[slot[i] * M + slot[j]]; };  // s_iᵀy_j
        auto const y_y = [&](int i, int j) { return yy[slot[i] * M + slot[j]]; };
        auto const s_u = [&](int i) { return slot[i] == w ? sum[2] : sum[history::su + slot[i]]; };
        auto const y_u = [&](int i) { return slot[i] == w ? sum[3] : sum[history::yu + slot[i]]; };
        double const eps = 2 * detail::finfo_from(sum[5], r.count).tiny;
        double a[M][M] = {}, b[M][M] = {}, wy[M] = {};
        auto const w_dot_y = [&](int m, int j) {  // w_mᵀy_j
            double d = 0;
            for (int i = 0; i <= m; ++i) d += a[m][i] * s_y(i, j) + b[m][i] * y_y(i, j);
            return d;
        };
        for (int m = 0; m < k; ++m) {  // w_m = s_m − y_m − Σ_{j<m} w_j·(w_jᵀy_m)/(w_jᵀy_j)
            a[m][m] = 1, b[m][m] = -1;
            for (int j = 0; j < m; ++j) {
                if (std::abs(wy[j]) < eps) continue;
                double const alpha = w_dot_y(j, m) / wy[j];
                for (int i = 0; i <= j; ++i) a[m][i] -= alpha * a[j][i], b[m][i] -= alpha * b[j][i];
            }
            wy[m] = w_dot_y(m, m);
        }
        for (int m = 0; m < k; ++m) {  // d = u + Σ_m w_m·(w_mᵀu)/(w_mᵀy_m)
            if (std::abs(wy[m]) < eps) continue;
            double wu = 0;
            for (int i = 0; i <= m; ++i) wu += a[m][i] * s_u(i) + b[m][i] * y_u(i);
            double const beta = wu / wy[m];
            for (int i = 0; i <= m; ++i) {
                out[1 + slot[i]] += beta * a[m][i];
                out[1 + M + slot[i]] += beta * b[m][i];
            }
        }
        return out;
    }

    /// The slots a step writes (the new pair's, p′ and u′ when they move; detail::pair_history).
    template <class R>
    TZERO_HD std::uint64_t written_slots(R const* out) const {
        return history::written_slots(out);
    }

    /// d = u + Σ c_S·S + Σ c_Y·Y, the new pair in its slot (and read there already), p′ and u′.
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N, reduce_outputs> e, no_coeffs) const {
        return history::apply(u, e);
    }
};

}  // namespace tzero
