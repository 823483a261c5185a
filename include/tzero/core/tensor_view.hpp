/// @file tzero/core/tensor_view.hpp
/// `tensor_view<T>`: a contiguous row-major tensor the optimizer does not own.
///
/// Built from an xtensor container (`xt::xtensor`, `xt::xarray`, `xt::xtensor_fixed`: anything
/// with a row-major static layout) or from a pointer and a shape, for foreign memory (a torch
/// tensor's `data_ptr`, a device pointer). Strided views are rejected at compile time: the fused
/// pass walks memory linearly.
#pragma once
#include <cstddef>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <xtensor/xlayout.hpp>

#include <tzero/core/error.hpp>

namespace tzero {

/// A contiguous row-major xtensor container whose elements are `T`.
template <class E, class T>
concept contiguous_tensor_of = requires(E& e) {
    { e.data() } -> std::convertible_to<T*>;
    e.shape();
} && (std::remove_cvref_t<E>::static_layout == xt::layout_type::row_major);

template <class T>
struct tensor_view {
    T* data = nullptr;
    std::vector<std::size_t> shape;

    tensor_view() = default;
    tensor_view(T* d, std::vector<std::size_t> s) : data(d), shape(std::move(s)) {}
    template <contiguous_tensor_of<T> E>
    tensor_view(E& e) : data(e.data()), shape(e.shape().begin(), e.shape().end()) {}
    /// A view of non-const elements converts to one of const elements.
    template <class U>
        requires(std::is_same_v<T, U const>)
    tensor_view(tensor_view<U> const& v) : data(v.data), shape(v.shape) {}

    std::size_t size() const {
        std::size_t n = 1;
        for (auto d : shape) n *= d;
        return n;
    }
};

template <class E>
tensor_view(E&) -> tensor_view<std::remove_reference_t<decltype(*std::declval<E&>().data())>>;

/// The parameter list of an optimizer: `tzero::params(W1, b1, W2, b2)`.
template <class E, class... Es>
auto params(E& first, Es&... rest) {
    using T = std::remove_reference_t<decltype(*first.data())>;
    static_assert((std::is_same_v<T, std::remove_reference_t<decltype(*rest.data())>> && ...),
                  "tzero: params(...): every parameter must have the same element type");
    return std::vector<tensor_view<T>>{tensor_view<T>(first), tensor_view<T>(rest)...};
}

/// "(4, 5)": a shape as errors print it.
inline std::string to_string(std::vector<std::size_t> const& shape) {
    std::string s = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + (shape.size() == 1 ? ",)" : ")");
}

/// The element count of every tensor of a list, and its data pointers.
template <class T>
std::vector<std::size_t> sizes_of(std::vector<tensor_view<T>> const& tensors) {
    std::vector<std::size_t> sizes;
    for (auto const& t : tensors) sizes.push_back(t.size());
    return sizes;
}
/// The shape of every tensor of a list.
template <class T>
std::vector<std::vector<std::size_t>> shapes_of(std::vector<tensor_view<T>> const& tensors) {
    std::vector<std::vector<std::size_t>> shapes;
    for (auto const& t : tensors) shapes.push_back(t.shape);
    return shapes;
}
template <class T>
std::vector<T*> pointers_of(std::vector<tensor_view<T>> const& tensors) {
    std::vector<T*> pointers;
    for (auto const& t : tensors) pointers.push_back(t.data);
    return pointers;
}

/// Throws `tzero::error` unless `grads` holds one gradient per parameter, in order, each of its
/// parameter's shape and with data: the check every optimizer makes before it changes anything.
template <class T>
void check_gradients(std::vector<tensor_view<T>> const& params, std::span<tensor_view<T const> const> grads) {
    if (grads.size() != params.size())
        throw error("tzero: step() got " + std::to_string(grads.size()) + " gradients for " +
                    std::to_string(params.size()) + " parameters (pass one gradient per parameter, in order)");
    for (std::size_t i = 0; i < grads.size(); ++i) {
        if (grads[i].shape != params[i].shape)
            throw error("tzero: gradient " + std::to_string(i) + " has shape " + to_string(grads[i].shape) +
                        " but parameter " + std::to_string(i) + " has shape " + to_string(params[i].shape) +
                        " (each gradient must have its parameter's shape)");
        if (!grads[i].data && grads[i].size() != 0)
            throw error("tzero: gradient " + std::to_string(i) + " has no data (pass a non-null pointer)");
    }
}

}  // namespace tzero
