/// @file tzero/core/evaluate.hpp
/// The body every backend runs per element: modules [Begin, End) of a chain on one value.
///
/// `V` is `float`, `double`, an `xsimd::batch` or a CUDA register; the backend loads the
/// streams, calls `evaluate`, and stores. The per-step coefficients and the finalized reductions
/// are computed once per step (per tensor) and passed in.
#pragma once
#include <cstddef>
#include <utility>

#include <boost/hana/at.hpp>
#include <boost/hana/basic_tuple.hpp>

#include <tzero/core/chain.hpp>
#include <tzero/core/config.hpp>
#include <tzero/core/plan.hpp>
#include <tzero/core/reduction.hpp>

namespace tzero {

/// The per-step coefficients of every module of a chain.
template <class Chain>
struct step_coeffs;
template <class... Ms>
struct step_coeffs<chain<Ms...>> {
    boost::hana::basic_tuple<coeffs_of<Ms>...> values;
};

/// Computes every module's per-step coefficients for step `t` (1-based), on the host; `loss` is
/// the step's loss for the modules that read it (NaN when the step was given none).
template <class... Ms>
step_coeffs<chain<Ms...>> per_step(chain<Ms...> const& c, long t, double loss = __builtin_nan("")) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
        return step_coeffs<chain<Ms...>>{boost::hana::make_basic_tuple(per_step_of(c.template get<I>(), t, loss)...)};
    }(std::index_sequence_for<Ms...>{});
}

namespace detail {
template <std::size_t I, class Chain, class V, class R>
TZERO_HD V apply_one(Chain const& c, step_coeffs<Chain> const& k, V u, V g, V p, V* state, R const* reduced,
                     position at, V curvature) {
    using P = plan_of<Chain>;
    auto const& m = c.template get<I>();
    using M = std::remove_cvref_t<decltype(m)>;
    constexpr int O = reduce_outputs_v<M>;
    element<V, M::state_slots, O> e{g, p, slots<V, M::state_slots>{state + P::slot_offset[I]}, {}, at, curvature};
    if constexpr (O > 1)
        for (int o = 0; o < O; ++o) e.reduced[o] = V(reduced[P::reduced_offset[I] + std::size_t(o)]);
    else if constexpr (reduce_module<M>) e.reduced = V(reduced[P::reduced_offset[I]]);
    else e.reduced = V(0);
    if constexpr (closure_module<M>) return e.reduced * u;  // the step size its search chose
    else if constexpr (dense_module<M>) return u;           // its host transform's output, from scratch
    else return m.apply(u, e, boost::hana::at_c<I>(k.values));
}
}  // namespace detail

/// Maps `u` through modules [Begin, End). `state` holds the chain's slots (plan's
/// `slot_offset`), `reduced` the finalized sum of each reduce module for this element's tensor,
/// `at` where the element sits, `curvature` the step's curvature estimate (a curvature module's).
template <std::size_t Begin, std::size_t End, class Chain, class V, class R>
TZERO_HD V evaluate(Chain const& c, step_coeffs<Chain> const& k, V u, V g, V p, V* state, R const* reduced,
                    position at = {}, V curvature = V(0)) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
        ((u = detail::apply_one<Begin + I>(c, k, u, g, p, state, reduced, at, curvature)), ...);
        return u;
    }(std::make_index_sequence<End - Begin>{});
}

/// The reduce terms of module `I` (a reduce module) for update `u` entering it.
template <std::size_t I, class Chain, class V>
TZERO_HD auto reduce_term(Chain const& c, step_coeffs<Chain> const& k, V u, V g, V p, V* state, position at = {}) {
    using P = plan_of<Chain>;
    auto const& m = c.template get<I>();
    using M = std::remove_cvref_t<decltype(m)>;
    element<V, M::state_slots, reduce_outputs_v<M>> e{
        g, p, slots<V, M::state_slots>{state + P::slot_offset[I]}, {}, at};
    return reduce_terms_of(m, u, e, boost::hana::at_c<I>(k.values));
}

}  // namespace tzero
