/// @file tzero/core/pass.hpp
/// The body of a pass on one element, written once for every backend: load the streams the
/// pass reads, run its modules (`evaluate`), form the reduce terms, store what it writes.
///
/// A backend decides only how it walks the elements and which value type it uses: the CPU calls
/// `pass_body` with an `xsimd::batch` and a scalar tail (backends/cpu/chunk.hpp), the CUDA
/// kernels with one `float` per thread (backends/cuda/body.hpp), after loading the gradient, the
/// parameter and the incoming update themselves when they read them as 16-byte quads
/// (`preloaded`). Loads and stores go through `math::load` / `math::store`, so the same text
/// reads a vector's lanes or one value.
#pragma once
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include <tzero/core/config.hpp>
#include <tzero/core/evaluate.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/plan.hpp>
#include <tzero/core/reduction.hpp>

namespace tzero {

/// The streams of one tensor that a pass reads and writes, offset to the tensor.
template <class T>
struct tensor_streams {
    T* p;                         ///< parameters
    T const* g;                   ///< gradients
    T* state;                     ///< slot j of element i at `state[j * stride + i]`
    std::size_t stride;           ///< elements per slot buffer
    T* scratch;                   ///< the materialized update; null when the plan recomputes
    std::size_t tensor;           ///< the tensor's index (randomized modules key on it)
    bool zero_nonfinite = false;  ///< read NaN and ±inf gradient elements as 0
    /// A closure step's snapshot (laid out as `state`): the passes before its stage store there
    /// the old value of every slot they overwrite. Null elsewhere.
    T* snapshot = nullptr;
    /// The step's curvature estimate (laid out as one state slot), for a chain with a curvature
    /// module (core/curvature.hpp). Null elsewhere.
    T const* curvature = nullptr;
};

namespace detail {
/// The state slots (bit j: slot j of the chain) module `I` writes this step.
template <class Chain, std::size_t I, class R>
TZERO_HD std::uint64_t module_written_slots(Chain const& c, R const* reduced) {
    using P = plan_of<Chain>;
    using M = std::remove_cvref_t<decltype(c.template get<I>())>;
    constexpr int n = M::state_slots;
    if constexpr (n == 0) return 0;
    else if constexpr (selective_writes_v<M>)
        return c.template get<I>().written_slots(reduced + P::reduced_offset[I]) << P::slot_offset[I];
    else return (n >= 64 ? ~std::uint64_t(0) : (std::uint64_t(1) << n) - 1) << P::slot_offset[I];
}
template <class Chain, std::size_t First, class R, std::size_t... I>
TZERO_HD std::uint64_t written_slots(Chain const& c, R const* reduced, std::index_sequence<I...>) {
    return (std::uint64_t(0) | ... | module_written_slots<Chain, First + I>(c, reduced));
}
}  // namespace detail

/// The gradient, the parameter and the incoming update of one element, loaded by the backend
/// (as CUDA's quads); a pass that does not read one of them ignores it.
template <class V>
struct preloaded {
    V g, p, u;
};
/// The body loads the gradient, the parameter and the update itself.
struct load_streams {};

/// Pass `Pass` of `Chain` (handoff `H`) on element, or vector of lanes, `i` of the tensor `m`:
/// the loads, the modules, the stores; returns the reduce terms (none in the last pass).
/// `reduced` holds the finalized values the modules read, as scalars or as vectors whose lanes
/// differ (neighbouring slices' values). With `Count`, adds 1 to `bad` per NaN or ±inf gradient.
template <std::size_t Pass, handoff H, bool Count, class Chain, class T, class V, class R, class Loaded = load_streams>
TZERO_HD terms<V, pass_terms_1<Chain, Pass>> pass_body(Chain const& c, step_coeffs<Chain> const& k,
                                                       tensor_streams<T> const& m, R const* reduced, std::size_t i,
                                                       V& bad, Loaded const& loaded = {}) {
    using P = plan_of<Chain>;
    constexpr std::size_t first = P::pass_begin(H, Pass), last_module = P::pass_end(Pass);
    constexpr bool last = Pass == P::reductions;
    constexpr int s0 = P::slot_offset[first], s1 = P::slot_offset[last_module], s_read = P::read_slots_end(Pass);
    constexpr bool load_g = P::loads_grad(H, Pass), load_p = P::loads_param(H, Pass);
    constexpr bool from_scratch = P::reads_scratch(H, Pass), to_scratch = !last && H == handoff::materialize;
    static_assert(!Count || load_g, "tzero: internal: only a pass that reads the gradient can count its NaNs");

    V gv, pv, u;
    if constexpr (std::is_same_v<Loaded, load_streams>) {
        gv = load_g ? math::load<V>(m.g + i) : V(0);
        pv = load_p ? math::load<V>(m.p + i) : V(0);
    } else {
        gv = loaded.g, pv = loaded.p;
    }
    if constexpr (Count) bad += math::select(math::isfinite(gv), V(0), V(1));
    if (load_g && m.zero_nonfinite) gv = math::select(math::isfinite(gv), gv, V(0));
    if constexpr (std::is_same_v<Loaded, load_streams>) u = from_scratch ? math::load<V>(m.scratch + i) : gv;
    else u = from_scratch ? loaded.u : gv;

    // the slots this pass stores: all, or those its selective modules name from their outputs
    // (the same for every element; outputs in vector lanes, a slice pass's, keep all)
    constexpr bool selective = P::selective_writes(first, last_module) && P::writes_state(H, Pass);
    std::uint64_t written = ~std::uint64_t(0);
    if constexpr (selective && std::is_arithmetic_v<R>)
        written = detail::written_slots<Chain, first>(c, reduced, std::make_index_sequence<last_module - first>{});
    auto const writes = [&](int j) { return !selective || ((written >> j) & 1) != 0; };

    V s[P::state_slots > 0 ? P::state_slots : 1];
    for (int j = s0; j < s_read; ++j) s[j] = math::load<V>(m.state + std::size_t(j) * m.stride + i);
    if constexpr (P::has_closure && Pass <= P::closure_pass && P::writes_state(H, Pass))
        if (m.snapshot)  // the old values of what this pass overwrites, for a throwing closure
            for (int j = s0; j < s1; ++j)
                if (writes(j)) math::store(m.snapshot + std::size_t(j) * m.stride + i, s[j]);
    position const at{i, std::uint32_t(m.tensor)};
    V const cv = P::loads_curvature(H, Pass) ? math::load<V>(m.curvature + i) : V(0);
    u = evaluate<first, last_module>(c, k, u, gv, pv, s, reduced, at, cv);
    terms<V, pass_terms_1<Chain, Pass>> term{};
    if constexpr (last) {
        math::store(m.p + i, V(pv - u));
    } else {
        term = reduce_term<last_module>(c, k, u, gv, pv, s, at);
        if constexpr (to_scratch) math::store(m.scratch + i, u);
    }
    if constexpr (P::writes_state(H, Pass))
        for (int j = s0; j < s1; ++j)
            if (writes(j)) math::store(m.state + std::size_t(j) * m.stride + i, s[j]);
    return term;
}

}  // namespace tzero
