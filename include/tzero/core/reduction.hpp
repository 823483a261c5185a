/// @file tzero/core/reduction.hpp
/// What a reduce module sums, what it keeps between steps, and how its sums become the scalar its
/// `apply` reads: the part of a reduction every backend shares.
///
/// A reduce module sums `reduce_terms` values per element (default 1): `centralize` sums u,
/// `clip_norm` its metric's two sums and max|u| (modules/detail/vector_norm.hpp), `graft`
/// ‖direction‖² and ‖magnitude‖², `scale_by_grad_cosine_similarity` u·g, u² and g². Its
/// `reduce_term` returns a `V` for one term or `terms<V, K>` for K. The last `reduce_maxima` of
/// them (default 0) fold by a NaN-propagating maximum instead of a sum: the ∞-norm's max|u|, a
/// step size's max|u| (`term_fold`); "sums" below covers both. It may also keep `reduce_slots`
/// persistent scalars per tensor (per-tensor scope) or for the whole parameter list
/// (global scope), zero at the start and saved by checkpoints: an EMA of a norm, the previous
/// step's norm. Its `finalize` takes
/// - `(double sum, double count)`, for one term and no scalars (`centralize`: the mean); or
/// - `(reduction<K, S> r)`: the K sums, the element count, its S scalars (read and written in
///   place), the step number and the step's loss (NaN when the step was given none; a module
///   that reads it declares `static constexpr bool uses_loss = true`, so that its chain must be
///   stepped with `step(grads, loss)`);
/// and returns the scalar its `apply` reads as `e.reduced`, or, for a module that declares
/// `reduce_outputs = O`, `terms<double, O>` that its `apply` reads as `e.reduced[0..O)` (its
/// `apply` then takes `element<V, N, O>`): ortho_grad needs a projection coefficient and a
/// renormalizing factor, clip_norm_by_ema a divisor for the update and one for its own state.
///
/// Sums are folded in a fixed order (chunks in order within a tensor, tensors in order), so a
/// step's result does not depend on the thread count or the grid: `finalize_reduction` is that
/// fold, written once for the CPU, the CUDA kernel and its host emulation.
#pragma once
#include <cstddef>
#include <type_traits>
#include <utility>

#include <tzero/core/config.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/plan.hpp>

namespace tzero {

/// What a reduce module's `finalize` receives: its K sums, the element count, its S persistent
/// scalars, the step (1-based) and the step's loss.
template <int K, int S = 0>
struct reduction {
    double sum[K];
    double count;
    double* state;  ///< S scalars of this tensor (per-tensor scope) or of all tensors (global)
    long step;
    double loss = __builtin_nan("");  ///< the loss given to `step(grads, loss)`; NaN when none
    /// Slices of this tensor: 1 per tensor (and globally); for a per-slice module, the number its
    /// tensor has (torchzero leaves a tensor of one slice with a zero norm alone).
    double slices = 1;
};

/// How the terms of a reduction fold: the last `Maxima` of its `K` terms by a maximum (NaN
/// propagating, from −∞), the others by a sum (from 0). Every fold of terms — SIMD lanes, threads
/// of a block, chunks, tensors — goes through `combine`, so a maximum is exact on any backend.
template <int K, int Maxima = 0>
struct term_fold {
    static_assert(0 <= Maxima && Maxima <= K, "tzero: reduce_maxima must count some of the module's reduce_terms");
    static constexpr int terms = K;
    static constexpr bool is_max(int j) { return j >= K - Maxima; }
    template <class V>
    TZERO_HD static V identity(int j) {
        return is_max(j) ? V(-__builtin_inf()) : V(0);
    }
    template <class V>
    TZERO_HD static V combine(int j, V acc, V x) {
        return is_max(j) ? math::max(acc, x) : acc + x;
    }
    /// `acc[j] = combine(j, acc[j], x[j])` for every term.
    template <class A, class X>
    TZERO_HD static void combine_all(A&& acc, X const& x) {
        for (int j = 0; j < K; ++j) acc[j] = combine(j, acc[j], x[j]);
    }
    template <class A>
    TZERO_HD static void reset(A& acc) {
        for (int j = 0; j < K; ++j) acc[j] = identity<std::remove_cvref_t<decltype(acc[0])>>(j);
    }
};
template <class M>
using term_fold_of = term_fold<reduce_terms_v<M>, reduce_maxima_v<M>>;
/// The fold of the terms pass `Pass` of `Chain`'s plan sums (none in the last pass).
template <class Chain, std::size_t Pass>
using pass_fold = term_fold<plan_of<Chain>::terms_of_pass(Pass), plan_of<Chain>::maxima_of_pass(Pass)>;
/// The number of reduce terms pass `Pass` sums, and at least one (the size of its `terms`).
template <class Chain, std::size_t Pass>
inline constexpr int pass_terms_1 = plan_of<Chain>::terms_of_pass(Pass) > 0 ? plan_of<Chain>::terms_of_pass(Pass) : 1;

/// A module's reduce terms as `terms<V, K>`, whichever form its `reduce_term` returns.
template <class M, class V, class E, class K>
TZERO_HD terms<V, reduce_terms_v<M>> reduce_terms_of(M const& m, V u, E const& e, K const& k) {
    if constexpr (closure_module<M>) return {{e.g * u, u * u}};  // a line search's φ′(0) = −gᵀd, and ‖d‖²
    else if constexpr (dense_module<M>) return {{V(0)}};         // (its host reads the whole vector)
    else if constexpr (reduce_terms_v<M> == 1 && !requires { m.reduce_term(u, e, k)[0]; })
        return {{m.reduce_term(u, e, k)}};
    else return m.reduce_term(u, e, k);
}

/// `m.finalize` for the sums `sum[0..K)` of `count` elements, in whichever form `m` declares,
/// as `terms<double, reduce_outputs>`.
template <class M>
TZERO_HD terms<double, reduce_outputs_v<M>> finalize_of(M const& m, double const* sum, double count, double* state,
                                                        long step, double loss = __builtin_nan(""), double slices = 1) {
    constexpr int K = reduce_terms_v<M>;
    if constexpr (closure_module<M>) {
        return {{sum[0]}};  // gᵀd, until the search writes its step size in its place
    } else if constexpr (dense_module<M>) {
        return {{1.0}};  // unread: its host transform writes its output in the scratch buffer
    } else if constexpr (requires { m.finalize(1.0, 1.0); }) {
        static_assert(K == 1 && reduce_slots_v<M> == 0,
                      "tzero: a reduce module with several terms or scalar state must take a reduction<K, S>");
        return {{m.finalize(sum[0], count)}};
    } else {
        reduction<K, reduce_slots_v<M>> r{};
        for (int j = 0; j < K; ++j) r.sum[j] = sum[j];
        r.count = count;
        r.state = state;
        r.step = step;
        r.loss = loss;
        r.slices = slices;
        if constexpr (reduce_outputs_v<M> == 1) return {{m.finalize(r)}};
        else return m.finalize(r);
    }
}

/// Where one step's reductions live, as raw pointers (host or device).
template <class T>
struct reduction_memory {
    double const* chunk_sums;        ///< per chunk, `terms` sums of the current pass
    std::size_t const* first_chunk;  ///< per tensor, its first chunk (or slice item); then the count
    std::size_t const* sizes;        ///< per tensor, its element count
    std::size_t tensor_count;
    T* reduced;            ///< per tensor, `plan::reduced_width` finalized values
    double* reduce_state;  ///< per tensor, the chain's `reduce_slots` scalars
    long step;
    double loss = __builtin_nan("");  ///< the step's loss (`reduction::loss`); NaN when none
};

/// Reduce module number `R` of `c` (the module at the plan's R-th cut).
template <std::size_t R, class Chain>
TZERO_HD constexpr auto const& reduce_module_at(Chain const& c) {
    return c.template get<plan_of<Chain>::cut[R]>();
}

namespace detail {
/// The sums of tensor `t`'s chunks (of a reduction folded by `F`), in order.
template <class F, class T>
TZERO_HD void fold_tensor(reduction_memory<T> const& a, std::size_t t, std::size_t stride, double* sum) {
    F::reset(sum);
    for (std::size_t ci = a.first_chunk[t]; ci < a.first_chunk[t + 1]; ++ci)
        F::combine_all(sum, a.chunk_sums + ci * stride);
}
}  // namespace detail

/// The sums of reduce module number `R` of `c` over every tensor, folded as `finalize_reduction`
/// folds them: what a closure stage reads of its pass (gᵀd), in double.
template <std::size_t R, class Chain, class T>
terms<double, reduce_terms_v<std::remove_cvref_t<decltype(reduce_module_at<R>(std::declval<Chain const&>()))>>>
global_sums(reduction_memory<T> const& a) {
    using M = std::remove_cvref_t<decltype(reduce_module_at<R>(std::declval<Chain const&>()))>;
    using F = term_fold_of<M>;
    terms<double, reduce_terms_v<M>> total;
    F::reset(total);
    for (std::size_t t = 0; t < a.tensor_count; ++t) {
        double sum[reduce_terms_v<M>];
        detail::fold_tensor<F>(a, t, plan_of<Chain>::max_terms, sum);
        F::combine_all(total, sum);
    }
    return total;
}

/// Folds the chunk sums of reduce module number `R` of `c` per tensor, then over tensors, in
/// order, and writes its finalized values; one thread does it, between passes.
template <std::size_t R, class Chain, class T>
TZERO_HD void finalize_reduction(Chain const& c, reduction_memory<T> const& a) {
    using P = plan_of<Chain>;
    constexpr std::size_t I = P::cut[R];
    auto const& m = reduce_module_at<R>(c);
    using M = std::remove_cvref_t<decltype(m)>;
    constexpr int K = reduce_terms_v<M>, O = reduce_outputs_v<M>;
    constexpr std::size_t row = P::reduce_slots, stride = P::max_terms, width = P::reduced_width,
                          at = P::reduced_offset[I];
    auto const write = [&](std::size_t t, terms<double, O> const& value) {
        for (int o = 0; o < O; ++o) a.reduced[t * width + at + std::size_t(o)] = T(value[o]);
    };
    using F = term_fold_of<M>;
    double total[K], count = 0;
    F::reset(total);
    for (std::size_t t = 0; t < a.tensor_count; ++t) {
        double sum[K];
        detail::fold_tensor<F>(a, t, stride, sum);
        if constexpr (std::is_same_v<typename M::reduce_scope, per_tensor_t>)
            write(t, finalize_of(m, sum, double(a.sizes[t]), a.reduce_state + t * row + P::reduce_slot_offset[I],
                                 a.step, a.loss));
        F::combine_all(total, sum);
        count += double(a.sizes[t]);
    }
    if constexpr (std::is_same_v<typename M::reduce_scope, global_t>) {
        // A global module's scalars live in the first tensor's row (there is always one row).
        auto const value = finalize_of(m, total, count, a.reduce_state + P::reduce_slot_offset[I], a.step, a.loss);
        for (std::size_t t = 0; t < a.tensor_count; ++t) write(t, value);
    }
}

}  // namespace tzero
