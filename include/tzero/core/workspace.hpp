/// @file tzero/core/workspace.hpp
/// The buffers one step of a chain needs beside the parameters and gradients, derived from the
/// plan and the layout: the one description every optimizer (CPU, CUDA, emulated) allocates.
#pragma once
#include <algorithm>
#include <cstddef>

#include <tzero/core/layout.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/plan.hpp>
#include <tzero/core/slices.hpp>

namespace tzero {

/// Element counts of a step's buffers: of the parameter type `T`, or of `double` for sums and
/// persistent scalars.
struct workspace {
    std::size_t state = 0;         ///< T: `state_slots` buffers of `padded_total`, back to back
    std::size_t scratch = 0;       ///< T: the materialized update (`padded_total`), when the plan keeps one
    std::size_t unit_sums = 0;     ///< double: `max_terms` per unit of any pass (a chunk, or a slice item)
    std::size_t reduced = 0;       ///< T: `reduced_width` finalized values per tensor
    std::size_t reduce_state = 0;  ///< double: `reduce_slots` scalars per tensor, at least one row
    std::size_t slice_sums = 0;    ///< double: the per-slice module's terms, per slice
    std::size_t slice_values = 0;  ///< T: the per-slice module's outputs, per slice
};

/// The workspace of `Chain` over `l`; `slices` are the per-slice module's bound slices (a chain
/// with one has work items of its own, core/slices.hpp).
template <class Chain>
workspace workspace_of(layout const& l, slice_layout const* slices = nullptr) {
    using P = plan_of<Chain>;
    std::size_t const tensors = l.sizes.size(), rows = std::max<std::size_t>(tensors, 1);
    workspace w;
    w.state = l.padded_total * std::size_t(P::state_slots);
    w.scratch = P::chosen == handoff::materialize ? l.padded_total : 0;
    w.unit_sums = l.chunks.size() * P::max_terms;
    w.reduced = tensors * P::reduced_width;
    w.reduce_state = rows * P::reduce_slots;
    if constexpr (P::has_slices) {
        if (slices) {
            using M = slice_module_t<Chain>;
            w.unit_sums = std::max(l.chunks.size(), slices->items.size()) * P::max_terms;
            w.slice_sums = slices->slices() * std::size_t(reduce_terms_v<M>);
            w.slice_values = slices->slices() * std::size_t(reduce_outputs_v<M>);
        }
    }
    return w;
}

}  // namespace tzero
