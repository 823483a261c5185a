/// @file tzero/core/slice_dims.hpp
/// The reduction scope of a per-slice module: torchzero's `dim` list and `inverse_dims`, as a
/// type the plan can see (`per_slice(-1)`); the geometry it gives a tensor is core/slices.hpp.
#pragma once
#include <array>
#include <concepts>
#include <cstddef>
#include <tuple>

#include <tzero/core/hyperparameter.hpp>

namespace tzero {

/// Reduction scope of a per-slice module: torchzero's `dim` list and `inverse_dims`. A module
/// with this scope folds one value per slice of each tensor (`clip_norm(1.0, per_slice(-1))`
/// clips every row of a matrix to norm 1). Printed and saved as `per_slice(dims=[..],
/// inverse_dims=..)`.
template <std::size_t N>
struct slice_dims {
    std::array<int, N> dims{};  ///< the reduced dims (negative ones count from the end)
    bool inverse_dims = false;  ///< reduce every dim but these

    static constexpr char const* name = "per_slice";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"dims", &slice_dims::dims}, field{"inverse_dims", &slice_dims::inverse_dims}};
    }
    friend constexpr bool operator==(slice_dims const&, slice_dims const&) = default;
};

/// One value per slice over `dims` (torchzero `dim=dims`): `per_slice(0)` reduces dim 0.
template <std::integral... I>
    requires(sizeof...(I) > 0)
constexpr slice_dims<sizeof...(I)> per_slice(I... dims) {
    return {{int(dims)...}, false};
}
/// One value per slice over every dim but `dims` (torchzero `dim=dims, inverse_dims=True`).
template <std::integral... I>
    requires(sizeof...(I) > 0)
constexpr slice_dims<sizeof...(I)> per_slice_except(I... dims) {
    return {{int(dims)...}, true};
}

namespace detail {
template <class S>
inline constexpr bool is_slice_dims = false;
template <std::size_t N>
inline constexpr bool is_slice_dims<slice_dims<N>> = true;
}  // namespace detail

/// A per-slice reduction scope (`slice_dims`).
template <class S>
concept slice_scope = detail::is_slice_dims<S>;

}  // namespace tzero
