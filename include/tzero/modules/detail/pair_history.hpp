/// @file tzero/modules/detail/pair_history.hpp
/// The history of the limited-memory quasi-Newton modules (lbfgs.hpp, lsr1.hpp): the last M
/// pairs s = p − p′, y = u − u′ (p′, u′ the previous step's parameter and update) in state slots
/// (S by slot in 0..M−1, Y in M..2M−1, p′ in 2M, u′ in 2M + 1), a ring of slots in chronological
/// order, and the pairs' Gram matrices as persistent scalars (the step count, the history's size
/// and oldest slot, then SᵀY[i][j] = s_iᵀy_j and YᵀY by slot). A step sums, in one pass, every
/// dot product it needs (`terms`), keeps or skips the new pair on the host (`push`), computes d's
/// coefficients on the host from the Gram matrices, and writes d = c·u + Σ c_S·S + Σ c_Y·Y, the
/// new pair in its slot and p′, u′ in the same pass (`apply`). `Lower`: SᵀY's lower triangle too
/// (s_newᵀ Y: M more sums), which L-SR1's recursion reads; L-BFGS reads the upper one only.
#pragma once
#include <cstdint>

#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/modules/detail/finfo.hpp>

namespace tzero::detail {

template <int M, bool Lower>
struct pair_history {
    // sums: sᵀy, yᵀy, sᵀu, yᵀu, Σ|u|, the element size, Sᵀu, Yᵀu, Sᵀy, Yᵀy (and sᵀY when `Lower`);
    // then the maxima max|s|, max|y|, max|u|
    static constexpr int su = 6, yu = 6 + M, sy_new = 6 + 2 * M, yy_new = 6 + 3 * M, s_new_y = 6 + 4 * M;
    static constexpr int sums = 6 + (Lower ? 5 : 4) * M;
    static constexpr int max_s = sums, max_y = sums + 1, max_u = sums + 2;
    static constexpr int term_count = sums + 3, maxima = 3;
    // outputs: u's coefficient, S's and Y's by slot, the slot the new pair takes (−1: none), whether
    // p′ and u′ move
    static constexpr int outputs = 2 * M + 3, slot_out = 2 * M + 1, move_out = 2 * M + 2;
    static constexpr int scalars = 3 + 2 * M * M;  // step, pairs, oldest slot, SᵀY, YᵀY
    static constexpr int slots = 2 * M + 2;

    template <class V, int N, int O>
    TZERO_HD static tzero::terms<V, term_count> sum_terms(V u, element<V, N, O> const& e) {
        V const s = e.p - e.state[2 * M], y = u - e.state[2 * M + 1];
        tzero::terms<V, term_count> t;
        t[0] = s * y, t[1] = y * y, t[2] = s * u, t[3] = y * u, t[4] = math::abs(u);
        t[5] = element_size_term<V>();
        for (int j = 0; j < M; ++j) {
            t[su + j] = e.state[j] * u;
            t[yu + j] = e.state[M + j] * u;
            t[sy_new + j] = e.state[j] * y;
            t[yy_new + j] = e.state[M + j] * y;
            if constexpr (Lower) t[s_new_y + j] = s * e.state[M + j];
        }
        t[max_s] = math::abs(s), t[max_y] = math::abs(y), t[max_u] = math::abs(u);
        return t;
    }

    /// The step's bookkeeping on the host: counts the step, applies ptol/gtol (a negative one
    /// never skips; `restart` clears the history and the count), and keeps the new pair when
    /// `keep(sᵀy)` says so, in the ring's next slot (the oldest when full), with its Gram entries.
    /// Fills the outputs' slot and move flags; returns the slot of the new pair (−1: none).
    struct pushed {
        int slot, pairs, head;
    };
    template <class Keep>
    TZERO_HD static pushed push(double* st, double const* sum, tzero::terms<double, outputs>& out, double ptol,
                                bool ptol_restart, double gtol, bool gtol_restart, Keep const& keep) {
        double* const sy = st + 3;
        double* const yy = sy + M * M;
        out[slot_out] = -1, out[move_out] = 1;
        long const step = long(st[0]);
        st[0] = double(step + 1);
        auto const restart = [&] { st[0] = st[1] = st[2] = 0; };
        bool push = false;
        if (step > 0) {
            bool below = false;
            if (sum[max_s] <= ptol) {
                if (ptol_restart) restart();
                below = true;
            }
            if (sum[max_y] <= gtol) {
                if (gtol_restart) restart();
                below = true;
            }
            if (below) out[move_out] = 0;
            push = !below && keep(sum[0]);
        }
        int k = int(st[1]), head = int(st[2]);
        int w = -1;
        if (push) {
            w = k < M ? (head + k) % M : head;
            for (int i = 0; i < k; ++i) {
                int const j = (head + i) % M;
                if (j == w) continue;
                sy[j * M + w] = sum[sy_new + j];
                if constexpr (Lower) sy[w * M + j] = sum[s_new_y + j];
                yy[j * M + w] = yy[w * M + j] = sum[yy_new + j];
            }
            sy[w * M + w] = sum[0];
            yy[w * M + w] = sum[1];
            if (k < M) ++k;
            else head = (head + 1) % M;
            st[1] = double(k), st[2] = double(head);
            out[slot_out] = double(w);
        }
        return {w, k, head};
    }

    /// The slots a step writes, from its outputs: the new pair's (none when no pair is kept), and
    /// p′, u′ when they move; the other pairs are read only.
    template <class R>
    TZERO_HD static std::uint64_t written_slots(R const* out) {
        int const w = int(out[slot_out]);
        std::uint64_t bits = w >= 0 ? (std::uint64_t(1) << w) | (std::uint64_t(1) << (M + w)) : 0;
        if (out[move_out] != R(0)) bits |= std::uint64_t(3) << (2 * M);
        return bits;
    }

    /// d = c·u + Σ c_S·S + Σ c_Y·Y, the new pair in its slot (and read there already), p′ and u′.
    template <class V, int N, int O>
    TZERO_HD static V apply(V u, element<V, N, O> e) {
        V const s = e.p - e.state[2 * M], y = u - e.state[2 * M + 1];
        V d = e.reduced[0] * u;
        for (int j = 0; j < M; ++j) {
            auto const here = e.reduced[slot_out] == V(j);
            e.state[j] = math::select(here, s, e.state[j]);
            e.state[M + j] = math::select(here, y, e.state[M + j]);
            d += e.reduced[1 + j] * e.state[j] + e.reduced[1 + M + j] * e.state[M + j];
        }
        auto const move = e.reduced[move_out] != V(0);
        e.state[2 * M] = math::select(move, e.p, e.state[2 * M]);
        e.state[2 * M + 1] = math::select(move, u, e.state[2 * M + 1]);
        return d;
    }
};

}  // namespace tzero::detail
