/// @file tzero/core/tensor_view.hpp
/// `tensor_view<T>`: a contiguous row-major tensor the optimizer does not own.
///
/// Built from an xtensor container (`xt::xtensor`, `xt::xarray`, `xt::xtensor_fixed`: anything
/// with a row-major static layout) or a contiguous view of one (a row, a range of rows), or from a
/// pointer and a shape, for foreign memory (a torch tensor's `data_ptr`, a device pointer).
/// Strided views are rejected at compile time with a message: the fused pass walks memory linearly.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <ranges>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <tzero/core/error.hpp>

namespace tzero {

namespace detail {
/// `E`'s static layout is xtensor's row_major, named through its own type: this header needs no
/// xtensor include (xtensor's config brings all of xsimd in, most of a second of parsing).
template <class E>
concept row_major_layout = requires { std::remove_cvref_t<E>::static_layout; } &&
                           (std::remove_cvref_t<E>::static_layout ==
                            std::remove_cv_t<decltype(std::remove_cvref_t<E>::static_layout)>::row_major);
}  // namespace detail

/// An xtensor expression that owns or views memory (a container, or a view of one): what
/// `tensor_view`'s constructor takes, and then checks (element type, contiguity) with a message.
template <class E>
concept tensor_with_memory = requires(E& e) {
    e.data();
    e.shape();
};

/// A contiguous row-major xtensor container or view whose elements are `T`.
template <class E, class T>
concept contiguous_tensor_of = tensor_with_memory<E> && requires(E& e) {
    { e.data() } -> std::convertible_to<T*>;
} && detail::row_major_layout<E>;

namespace detail {
/// The first element of `e` as a `T*`: a view's data begins `data_offset()` past its container's.
template <class T, class E>
T* first_element(E& e) {
    using U = std::remove_reference_t<decltype(*e.data())>;
    static_assert(std::is_same_v<std::remove_const_t<U>, std::remove_const_t<T>>,
                  "tzero: tensor_view: the tensor's element type is not the view's (a dtype mismatch: convert and "
                  "evaluate it first, e.g. xt::xtensor<float, 2> g = xt::cast<float>(h))");
    static_assert(std::is_convertible_v<U*, T*>, "tzero: tensor_view: a const tensor cannot give a mutable view");
    static_assert(row_major_layout<E>,
                  "tzero: tensor_view: the tensor is not contiguous and row-major (a column, a stepped range, a "
                  "transposed or dynamic-layout view): the fused pass walks memory linearly; copy it into a "
                  "container first");
    if constexpr (requires { e.data_offset(); }) return e.data() + e.data_offset();
    else return e.data();
}
}  // namespace detail

template <class T>
struct tensor_view {
    T* data = nullptr;
    std::vector<std::size_t> shape;

    tensor_view() = default;
    tensor_view(T* d, std::vector<std::size_t> s) : data(d), shape(std::move(s)) {}
    /// A view of an xtensor container, or of a contiguous row-major view of one (`xt::row(W, 3)`,
    /// `xt::view(W, xt::range(2, 4))`): its own elements, not its container's first.
    template <tensor_with_memory E>
    tensor_view(E& e) : data(detail::first_element<T>(e)), shape(e.shape().begin(), e.shape().end()) {}
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

template <class V>
inline constexpr bool is_tensor_view = false;
template <class T>
inline constexpr bool is_tensor_view<tensor_view<T>> = true;

/// A contiguous range of `tensor_view`s (a std::vector, a std::span, an array), const or not.
template <class R>
concept view_range = std::ranges::contiguous_range<R> && is_tensor_view<std::ranges::range_value_t<R>>;

namespace detail {
/// One gradient given to `step` for parameters of type `T`, as a read-only view: a tensor_view, or
/// an xtensor container or contiguous view. Everything else stops here with one message.
template <class T, class G>
tensor_view<T const> gradient_view(G const& g) {
    if constexpr (is_tensor_view<G>) {
        static_assert(std::is_same_v<std::remove_const_t<std::remove_pointer_t<decltype(g.data)>>, T>,
                      "tzero: step(): a gradient's element type is not the parameters' (a dtype mismatch: give "
                      "gradients of the parameters' type)");
        return g;
    } else {
        static_assert(
            tensor_with_memory<G const> || !requires(G const& e) { e.shape(); },
            "tzero: step(): a gradient is an unevaluated xtensor expression: evaluate it first "
            "(xt::xtensor<float, 2> g = 2.f * h; or xt::eval(2.f * h))");
        static_assert(
            tensor_with_memory<G const> || requires(G const& e) { e.shape(); },
            "tzero: step(): a gradient must be an xtensor container, a contiguous view of one or a "
            "tzero::tensor_view");
        if constexpr (tensor_with_memory<G const>) {
            static_assert(std::is_same_v<std::remove_cvref_t<decltype(*g.data())>, T>,
                          "tzero: step(): a gradient's element type is not the parameters' (a dtype mismatch: "
                          "convert and evaluate it first, e.g. xt::xtensor<float, 2> g = xt::cast<float>(h))");
            return tensor_view<T const>(g);
        } else {
            return {};
        }
    }
}
}  // namespace detail

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

/// Throws `tzero::error` unless every parameter has data (or no elements), an element count
/// whose bytes a `size_t` holds, and memory of its own: the check every optimizer makes when it
/// is built. Two parameters that share elements would be stepped twice (and written by two
/// threads at once), so a shared or overlapping buffer is refused.
template <class T>
void check_parameters(std::vector<tensor_view<T>> const& params) {
    struct extent {
        std::uintptr_t begin, end;
        std::size_t index;
    };
    std::vector<extent> extents;
    for (std::size_t i = 0; i < params.size(); ++i) {
        std::size_t n = 1;
        for (auto d : params[i].shape)
            if (__builtin_mul_overflow(n, d, &n)) n = SIZE_MAX;
        if (n > SIZE_MAX / sizeof(T))
            throw error("tzero: parameter " + std::to_string(i) + " of shape " + to_string(params[i].shape) +
                        " has more elements than memory can hold");
        if (n == 0) continue;
        if (!params[i].data)
            throw error("tzero: parameter " + std::to_string(i) + " of shape " + to_string(params[i].shape) +
                        " has no data (pass a tensor or a non-null pointer)");
        auto const begin = reinterpret_cast<std::uintptr_t>(params[i].data);
        extents.push_back({begin, begin + n * sizeof(T), i});
    }
    std::ranges::sort(extents, {}, &extent::begin);
    for (std::size_t k = 1; k < extents.size(); ++k)
        if (extents[k].begin < extents[k - 1].end) {
            auto const [a, b] = std::minmax(extents[k - 1].index, extents[k].index);
            throw error("tzero: parameters " + std::to_string(a) + " and " + std::to_string(b) +
                        " share memory (each parameter needs its own: shared elements would be stepped twice)");
        }
}

/// Throws `tzero::error` unless `grads` holds one gradient per parameter, in order, each of its
/// parameter's shape and with data: the check every optimizer makes before it changes anything.
template <class T, class G>
    requires std::is_same_v<std::remove_const_t<G>, T>
void check_gradients(std::vector<tensor_view<T>> const& params, std::span<tensor_view<G> const> grads) {
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
