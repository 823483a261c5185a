/// @file tzero/backends/cuda/emulate.hpp
/// The CUDA backend's kernels run on the CPU over an emulated grid: every block, and every
/// thread of a block, in a fixed order, calling the same bodies (body.hpp) the device runs.
///
/// `emulated_optimizer` is the device optimizer with host memory in place of device memory;
/// tests compare it with the CPU backend to check the chunk-list indexing, tails, the aligned
/// (quad) and unaligned paths and the two-level reduction on machines without a GPU.
#pragma once
#include <span>
#include <utility>
#include <vector>

#include <tzero/backends/cuda/body.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/tensor_view.hpp>
#include <tzero/core/workspace.hpp>

namespace tzero::cuda {

/// The shape of an emulated (or real) launch.
struct launch_shape {
    unsigned blocks = 0;     ///< 0: one block per chunk
    unsigned threads = 256;  ///< per block, a power of two
};

/// One step of `c` over `a`: each pass over the grid, then its reduction finalized.
template <class Chain, class T, handoff H = plan_of<Chain>::chosen>
void emulate_step(Chain const& c, long t, step_arguments<T> const& a, launch_shape shape,
                  double loss = __builtin_nan("")) {
    using P = plan_of<Chain>;
    auto const k = per_step(c, t, loss);
    std::vector<double> sums(shape.threads * P::max_terms);
    [&]<std::size_t... Pass>(std::index_sequence<Pass...>) {
        (
            [&] {
                std::size_t const units = units_of_pass<Chain, Pass>(a);
                unsigned const blocks = shape.blocks ? shape.blocks : unsigned(units ? units : 1);
                for (unsigned b = 0; b < blocks; ++b)
                    for (std::size_t ci = b; ci < units; ci += blocks) {
                        constexpr int K = P::terms_of_pass(Pass);
                        for (unsigned th = 0; th < shape.threads; ++th) {
                            auto const mine = pass_thread<Pass, H>(c, k, a, ci, th, shape.threads);
                            for (int j = 0; j < K; ++j) sums[th * K + unsigned(j)] = mine[j];
                        }
                        if constexpr (Pass < P::reductions) {
                            using F = pass_fold<Chain, Pass>;
                            for (unsigned step = shape.threads / 2; step > 0; step /= 2)
                                for (unsigned th = 0; th < shape.threads; ++th) tree_level<F>(sums.data(), th, step);
                            store_unit_sums<Chain, Pass>(a, ci, sums.data());
                        }
                    }
                if constexpr (Pass < P::reductions) finalize_pass<Pass>(c, a, loss, 0, 1);
            }(),
            ...);
    }(std::make_index_sequence<P::passes>{});
}

/// The chunk list and per-tensor arrays of a layout, flat, as kernels index them.
struct flat_layout {
    std::vector<chunk> chunks;
    std::vector<std::size_t> offsets, sizes, first_chunk;
    std::size_t stride = 0;

    explicit flat_layout(layout const& l)
        : chunks(l.chunks), offsets(l.offsets), sizes(l.sizes), first_chunk(l.first_chunk), stride(l.padded_total) {}
};

/// The device optimizer's logic on host memory.
template <class Chain, class T>
class emulated_optimizer {
  public:
    using plan = plan_of<Chain>;
    static_assert(!plan::has_closure, "tzero: the CUDA backend has no closure stage (line search) yet");
    static_assert(!plan::has_approximator,
                  "tzero: the CUDA backend has no gradient approximator (fdm, spsa, ...) yet: step it on the CPU");
    static_assert(!plan::has_dense,
                  "tzero: the CUDA backend has no dense stage (bfgs, sr1, newton, ...) yet: step it on the CPU");
    static_assert(
        !plan::has_curvature,
        "tzero: the CUDA backend has no curvature module (adahessian, sophia_h, ...) yet: step it on the CPU");

    template <module_or_chain C>
    emulated_optimizer(C const& c, std::vector<tensor_view<T>> params, std::size_t chunk_size, launch_shape shape)
        : chain_(as_chain(c)),
          params_(std::move(params)),
          shape_(shape),
          layout_(sizes_of(params_), chunk_size, 16),
          flat_(layout_) {
        chain_.validate();
        chain_.bind(shapes_of(params_));
        param_ptrs_ = pointers_of(params_);
        workspace const w = workspace_of<Chain>(layout_);
        state_.assign(w.state, T(0));
        scratch_.assign(layout_.padded_total, T(0));  // always: tests force either handoff (emulate_step's H)
        chunk_sums_.assign(w.unit_sums, 0.0);
        reduced_.assign(w.reduced, T(0));
        reduce_state_.assign(w.reduce_state, 0.0);
        chunk_size_ = chunk_size;
        if constexpr (plan::has_slices) bind();
    }

    /// One step; `loss` for the chains that read it (as the CPU optimizer's `step(grads, loss)`).
    void step(std::span<tensor_view<T const> const> grads, double loss = __builtin_nan("")) {
        check_gradients(params_, grads);
        if constexpr (plan::has_slices)
            if (slices_changed(chain_, bound_)) bind();
        std::vector<T const*> grad_ptrs;
        for (auto const& g : grads) grad_ptrs.push_back(g.data);
        step_arguments<T> a{param_ptrs_.data(),
                            grad_ptrs.data(),
                            state_.data(),
                            flat_.stride,
                            scratch_.data(),
                            flat_.chunks.data(),
                            flat_.chunks.size(),
                            flat_.offsets.data(),
                            flat_.sizes.data(),
                            flat_.first_chunk.data(),
                            params_.size(),
                            chunk_sums_.data(),
                            reduced_.data(),
                            reduce_state_.data(),
                            ++steps_};
        if constexpr (plan::has_slices) {
            a.slice_items = slices_.items.data(), a.slice_item_count = slices_.items.size();
            a.geometry = slices_.geometry.data(), a.first_slice = slices_.first_slice.data();
            a.first_item = slices_.first_item.data();
            a.slice_sums = slice_sums_.data(), a.slice_values = slice_values_.data();
        }
        emulate_step(chain_, steps_, a, shape_, loss);
    }

    std::span<T const> state(int slot, std::size_t tensor) const {
        return {state_.data() + std::size_t(slot) * layout_.padded_total + layout_.offsets[tensor],
                layout_.sizes[tensor]};
    }

  private:
    /// The per-slice module's slices, one per unit, and their buffers.
    void bind() {
        slices_ = bind_slices(chain_, shapes_of(params_), chunk_size_, true, bound_);
        workspace const w = workspace_of<Chain>(layout_, &slices_);
        slice_sums_.assign(w.slice_sums, 0.0);
        slice_values_.assign(w.slice_values, T(0));
        chunk_sums_.assign(w.unit_sums, 0.0);
    }

    Chain chain_;
    std::vector<tensor_view<T>> params_;
    launch_shape shape_;
    layout layout_;
    flat_layout flat_;
    std::vector<T*> param_ptrs_;
    std::vector<T> state_, scratch_, reduced_;
    std::vector<double> chunk_sums_, reduce_state_;
    long steps_ = 0;
    std::size_t chunk_size_ = 0;
    slice_layout slices_;
    slice_module_t<Chain> bound_{};
    std::vector<double> slice_sums_;
    std::vector<T> slice_values_;
};

template <module_or_chain C, class T>
emulated_optimizer(C, std::vector<tensor_view<T>>, std::size_t, launch_shape) -> emulated_optimizer<as_chain_t<C>, T>;

}  // namespace tzero::cuda
