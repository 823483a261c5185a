/// @file tzero/interop/torch.hpp
/// libtorch tensors as tzero views: a tzero chain steps a `torch::nn` module's parameters in place.
///
///     namespace ti = tzero::torch_interop;
///     tzero::optimizer opt(clip_value(1) | adam() | lr(1e-2) | cautious(), ti::params(model->parameters()));
///     loss.backward();
///     { torch::NoGradGuard no_grad; opt.step(ti::grads(model->parameters())); }
///
/// A view is `tensor.data_ptr<T>()` and the tensor's sizes: no copy, so the optimizer writes into
/// the tensor's own storage. Each function checks that the tensor is defined, strided, on the
/// CPU, contiguous and of dtype `T` (float or double; `T const` for a read-only view) and throws
/// `tzero::error` otherwise, before anything is built or stepped. The views hold raw pointers:
/// the module must outlive the optimizer and its parameters must keep their storage (no
/// `module->to(...)` or `set_data` after the optimizer is made). Call `grads` after every
/// `backward()`: it reads each parameter's current `grad()`, which must be defined.
///
/// Not included by `tzero/tzero.hpp`: include it where libtorch is on the include path. Like any
/// libtorch header it defines glog's `CHECK` macro: include it before Catch2's header.
#pragma once
#include <concepts>
#include <cstddef>
#include <ranges>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <ATen/core/Tensor.h>

#include <tzero/core/error.hpp>
#include <tzero/core/tensor_view.hpp>

namespace tzero::torch_interop {

namespace detail {

// `what` names the tensor in messages: "tensor", "parameter 2", "the gradient of parameter 2".
template <class T>
tensor_view<T> checked_view(at::Tensor const& t, std::string const& what) {
    using U = std::remove_const_t<T>;
    static_assert(std::is_same_v<U, float> || std::is_same_v<U, double>,
                  "tzero: torch_interop: views are float or double");
    constexpr auto dtype = c10::CppTypeToScalarType<U>::value;
    if (!t.defined()) throw error("tzero: torch " + what + " is undefined (pass a defined tensor)");
    if (t.layout() != c10::kStrided)
        throw error("tzero: torch " + what + " is not a dense tensor (convert it with .to_dense())");
    if (!t.device().is_cpu())
        throw error("tzero: torch " + what + " is on " + t.device().str() +
                    ", not the CPU (use tzero::cuda::optimizer for device memory, or .cpu())");
    if (t.scalar_type() != dtype)
        throw error("tzero: torch " + what + " has dtype " + std::string(c10::toString(t.scalar_type())) +
                    " but the view is of " + c10::toString(dtype) + " (view it as that type, or convert the tensor)");
    if (!t.is_contiguous())
        throw error("tzero: torch " + what +
                    " is not contiguous (a view walks memory linearly; pass a contiguous tensor)");
    std::vector<std::size_t> shape(t.sizes().begin(), t.sizes().end());
    return tensor_view<T>(t.template data_ptr<U>(), std::move(shape));
}

}  // namespace detail

/// A range of torch tensors: `module->parameters()`, a `std::vector<torch::Tensor>`, ...
template <class R>
concept tensor_range =
    std::ranges::input_range<R> && std::convertible_to<std::ranges::range_reference_t<R>, at::Tensor const&>;

/// The tensor's memory as a view of `T` (float, double, or either const).
template <class T = float>
tensor_view<T> view(at::Tensor const& tensor) {
    return detail::checked_view<T>(tensor, "tensor");
}

/// The parameter list of an optimizer: `tzero::optimizer opt(chain, params(model->parameters()))`.
template <class T = float, tensor_range R>
std::vector<tensor_view<T>> params(R const& tensors) {
    std::vector<tensor_view<T>> views;
    std::size_t i = 0;
    for (at::Tensor const& t : tensors) views.push_back(detail::checked_view<T>(t, "parameter " + std::to_string(i++)));
    return views;
}

/// Views of each parameter's `grad()`, in order, for `opt.step(grads(model->parameters()))`.
template <class T = float, tensor_range R>
std::vector<tensor_view<T const>> grads(R const& tensors) {
    std::vector<tensor_view<T const>> views;
    std::size_t i = 0;
    for (at::Tensor const& t : tensors) {
        std::string const what = "parameter " + std::to_string(i++);
        if (!t.grad().defined())
            throw error("tzero: torch " + what +
                        " has no gradient (call backward() first; leave out frozen parameters)");
        views.push_back(detail::checked_view<T const>(t.grad(), "gradient of " + what));
    }
    return views;
}

}  // namespace tzero::torch_interop
