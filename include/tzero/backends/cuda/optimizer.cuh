/// @file tzero/backends/cuda/optimizer.cuh
/// `cuda::optimizer<Chain, T>`: the same chains on device memory, one launch per pass over the
/// whole parameter list (plus a one-thread finalize launch after each reduction), all on one
/// stream with no host synchronization in `step`. Compiled by nvcc only.
///
///     tzero::cuda::optimizer opt(chain, device_params);   // tensor_view<float> over device pointers
///     opt.step(device_grads);                              // enqueued on the optimizer's stream
///
/// State lives on the device, zeroed. Hyperparameters travel by value in each launch, so
/// `opt.chain().get<lr>().lr = …` needs no recompile. CUDA failures throw `tzero::error` with
/// CUDA's message; a bad gradient list throws before anything is enqueued.
#pragma once
#include <cuda_runtime.h>

#include <span>
#include <string>
#include <utility>
#include <vector>

#include <tzero/backends/cuda/emulate.hpp>
#include <tzero/backends/cuda/kernels.cuh>
#include <tzero/core/element_type_check.hpp>
#include <tzero/core/error.hpp>

namespace tzero::cuda {

/// Throws `tzero::error` naming `what` and CUDA's message unless `e` is cudaSuccess.
inline void check(cudaError_t e, char const* what) {
    if (e != cudaSuccess) throw error(std::string("tzero: cuda: ") + what + ": " + cudaGetErrorString(e));
}

/// A device array that frees itself.
template <class T>
class device_buffer {
  public:
    device_buffer() = default;
    explicit device_buffer(std::size_t n) : size_(n) {
        if (n) check(cudaMalloc(&data_, n * sizeof(T)), "cudaMalloc");
    }
    device_buffer(device_buffer&& o) noexcept
        : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)) {}
    device_buffer& operator=(device_buffer&& o) noexcept {
        std::swap(data_, o.data_);
        std::swap(size_, o.size_);
        return *this;
    }
    device_buffer(device_buffer const&) = delete;
    ~device_buffer() {
        if (data_) cudaFree(data_);
    }
    T* data() const { return data_; }
    std::size_t size() const { return size_; }
    void upload(T const* host, std::size_t n) {
        if (n) check(cudaMemcpy(data_, host, n * sizeof(T), cudaMemcpyHostToDevice), "copy to device");
    }

  private:
    T* data_ = nullptr;
    std::size_t size_ = 0;
};

struct cuda_options {
    std::size_t chunk_size = std::size_t(1) << 16;  ///< elements per chunk (a block's unit of work)
    launch_shape shape{};                           ///< blocks (0: one per chunk) and threads
    cudaStream_t stream = nullptr;
};

template <class Chain, class T>
class optimizer {
  public:
    using plan = plan_of<Chain>;
    static_assert(!plan::has_closure,
                  "tzero: cuda::optimizer: closure stages (line searches) run on the CPU optimizer for now "
                  "(tzero::optimizer::step(closure))");
    static_assert(!plan::has_approximator,
                  "tzero: cuda::optimizer: gradient approximators (fdm, spsa, ...) run on the CPU optimizer for now "
                  "(tzero::optimizer::step(closure))");
    static_assert(!plan::has_dense,
                  "tzero: cuda::optimizer: dense stages (bfgs, sr1, dfp, newton, ...) run on the CPU optimizer for now "
                  "(their n x n matrix work on the host's BLAS and LAPACK)");
    static_assert(!plan::has_curvature,
                  "tzero: cuda::optimizer: curvature modules (adahessian, sophia_h, esgd, random_hvp) run on the CPU "
                  "optimizer for now (tzero::optimizer::step(closure))");
    static_assert(!plan::has_restart,
                  "tzero: cuda::optimizer: restart strategies (restart_every, restart_on_stuck, powell_restart) are "
                  "asked by the CPU optimizer for now");
    static_assert(!plan::has_termination,
                  "tzero: cuda::optimizer: termination criteria (terminate_*) are asked by the CPU optimizer "
                  "(tzero::optimizer::should_terminate) for now");

    template <module_or_chain C>
    optimizer(C const& c, std::vector<tensor_view<T>> device_params, cuda_options options = {})
        : chain_(as_chain(c)), params_(std::move(device_params)), options_(options) {
        chain_.validate();
        check_in_element_type<T>(chain_, 1);
        check_parameters(params_);
        chain_.bind(shapes_of(params_));
        std::vector<T*> const pointers = pointers_of(params_);
        layout_ = layout(sizes_of(params_), options_.chunk_size, 16);
        flat_layout flat(layout_);
        chunks_ = upload(flat.chunks);
        offsets_ = upload(flat.offsets);
        sizes_ = upload(flat.sizes);
        first_chunk_ = upload(flat.first_chunk);
        param_ptrs_ = device_buffer<T*>(pointers.size());
        param_ptrs_.upload(pointers.data(), pointers.size());
        grad_ptrs_ = device_buffer<T const*>(pointers.size());
        workspace const w = workspace_of<Chain>(layout_);
        state_ = device_buffer<T>(w.state);
        if (state_.size()) check(cudaMemset(state_.data(), 0, state_.size() * sizeof(T)), "zeroing state");
        if (w.scratch) scratch_ = device_buffer<T>(w.scratch);
        chunk_sums_ = device_buffer<double>(w.unit_sums);
        reduced_ = device_buffer<T>(w.reduced);
        reduce_state_ = device_buffer<double>(w.reduce_state);
        if (reduce_state_.size())
            check(cudaMemset(reduce_state_.data(), 0, reduce_state_.size() * sizeof(double)), "zeroing reduce state");
        if constexpr (plan::has_slices) bind();
    }

    /// One step with device gradients, one per parameter and of its shape; enqueued on the stream.
    void step(std::span<tensor_view<T const> const> device_grads) {
        static_assert(!plan::uses_loss,
                      "tzero: this chain reads the loss (div_by_loss, mul_by_loss, ...): call "
                      "step(grads, loss)");
        step(device_grads, __builtin_nan(""));
    }
    /// One step with the loss (a host number) for chains that read it; others ignore it. A NaN
    /// or infinite loss is refused before anything is enqueued.
    void step(std::span<tensor_view<T const> const> device_grads, double loss) {
        check_gradients(params_, device_grads);
        if (plan::uses_loss && !(loss - loss == 0))
            throw error("tzero: the loss is " + std::to_string(loss) +
                        " (nothing was changed; a chain that reads the loss needs a finite one)");
        std::vector<T const*> pointers;
        for (auto const& g : device_grads) pointers.push_back(g.data);
        chain_.validate();
        check_in_element_type<T>(chain_, steps_ + 1);
        auto const k = per_step(chain_, steps_ + 1, loss);  // throws for a schedule gone non-finite
        if constexpr (plan::has_slices)
            if (slices_changed(chain_, bound_)) {
                check(cudaStreamSynchronize(options_.stream), "waiting for the previous step");
                bind();
            }
        if (pointers != last_grads_) {  // gradients usually live in the same buffers every step
            check(cudaStreamSynchronize(options_.stream), "waiting for the previous step");
            grad_ptrs_.upload(pointers.data(), pointers.size());
            last_grads_ = pointers;
        }
        step_arguments<T> a{
            param_ptrs_.data(), grad_ptrs_.data(),     state_.data(),   layout_.padded_total, scratch_.data(),
            chunks_.data(),     layout_.chunks.size(), offsets_.data(), sizes_.data(),        first_chunk_.data(),
            params_.size(),     chunk_sums_.data(),    reduced_.data(), reduce_state_.data(), ++steps_};
        if constexpr (plan::has_slices) {
            a.slice_items = slice_items_.data(), a.slice_item_count = slice_items_.size();
            a.geometry = geometry_.data(), a.first_slice = first_slice_.data(), a.first_item = first_item_.data();
            a.slice_sums = slice_sums_.data(), a.slice_values = slice_values_.data();
        }
        launch(a, k, loss);
    }

    Chain& chain() { return chain_; }
    long steps() const { return steps_; }
    /// State slot `slot` of parameter `tensor`, copied to the host (synchronizes the stream).
    std::vector<T> state(int slot, std::size_t tensor) const {
        std::vector<T> out(layout_.sizes[tensor]);
        check(cudaStreamSynchronize(options_.stream), "synchronize");
        if (!out.empty())
            check(cudaMemcpy(out.data(),
                             state_.data() + std::size_t(slot) * layout_.padded_total + layout_.offsets[tensor],
                             out.size() * sizeof(T), cudaMemcpyDeviceToHost),
                  "copy state to host");
        return out;
    }

  private:
    template <class U>
    static device_buffer<U> upload(std::vector<U> const& v) {
        device_buffer<U> d(v.size());
        d.upload(v.data(), v.size());
        return d;
    }

    /// The per-slice module's slices, one per block unit, on the device.
    void bind() {
        slice_layout const l = bind_slices(chain_, shapes_of(params_), options_.chunk_size, true, bound_);
        workspace const w = workspace_of<Chain>(layout_, &l);
        slice_items_ = upload(l.items);
        geometry_ = upload(l.geometry);
        first_slice_ = upload(l.first_slice);
        first_item_ = upload(l.first_item);
        slice_sums_ = device_buffer<double>(w.slice_sums);
        slice_values_ = device_buffer<T>(w.slice_values);
        chunk_sums_ = device_buffer<double>(w.unit_sums);
    }

    void launch(step_arguments<T> const& a, step_coeffs<Chain> const& k, double loss) {
        if (layout_.chunks.empty()) return;
        unsigned const threads = options_.shape.threads;
        std::size_t const shared = threads * plan::max_terms * sizeof(double);
        [&]<std::size_t... Pass>(std::index_sequence<Pass...>) {
            (
                [&] {
                    std::size_t const units = plan::iterates_slices(Pass) ? slice_items_.size() : layout_.chunks.size();
                    unsigned const blocks = options_.shape.blocks ? options_.shape.blocks : unsigned(units ? units : 1);
                    pass_kernel<Pass, plan::chosen><<<blocks, threads, shared, options_.stream>>>(chain_, k, a);
                    if constexpr (Pass == plan::slice_pass)  // a thread per slice unit
                        finalize_kernel<Pass>
                            <<<unsigned(slice_items_.size() / 256 + 1), 256, 0, options_.stream>>>(chain_, a, loss);
                    else if constexpr (Pass < plan::reductions)
                        finalize_kernel<Pass><<<1, 1, 0, options_.stream>>>(chain_, a, loss);
                }(),
                ...);
        }(std::make_index_sequence<plan::passes>{});
        check(cudaGetLastError(), "kernel launch");
    }

    Chain chain_;
    std::vector<tensor_view<T>> params_;
    cuda_options options_;
    layout layout_;
    device_buffer<chunk> chunks_;
    device_buffer<std::size_t> offsets_, sizes_, first_chunk_;
    device_buffer<T*> param_ptrs_;
    device_buffer<T const*> grad_ptrs_;
    device_buffer<T> state_, scratch_, reduced_;
    device_buffer<double> chunk_sums_, reduce_state_;
    std::vector<T const*> last_grads_;
    long steps_ = 0;
    slice_module_t<Chain> bound_{};
    device_buffer<slice_item> slice_items_;
    device_buffer<slice_geometry> geometry_;
    device_buffer<std::size_t> first_slice_, first_item_;
    device_buffer<double> slice_sums_;
    device_buffer<T> slice_values_;
};

template <module_or_chain C, class T>
optimizer(C, std::vector<tensor_view<T>>) -> optimizer<as_chain_t<C>, T>;
template <module_or_chain C, class T>
optimizer(C, std::vector<tensor_view<T>>, cuda_options) -> optimizer<as_chain_t<C>, T>;

}  // namespace tzero::cuda
