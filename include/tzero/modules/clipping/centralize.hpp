/// @file tzero/modules/clipping/centralize.hpp
/// Centralize: subtracts the update's mean (gradient centralization, Yong et al. 2020).
///   m = mean(u) per tensor (`centralize()`), over all parameters (`centralize(global)`) or per
///       slice over dims (`centralize(per_slice(0))`: the mean of each column; core/slices.hpp)
///   u ← u − m
/// Matches torchzero `tz.m.Centralize(dim=None | 'global' | dims, inverse_dims, min_size=2)`
/// (modules/clipping/clipping.py): per tensor or slice, a tensor whose tensor or slices have fewer
/// than `min_size` elements is left alone; globally every element is centralized.
/// kind: reduce (a sum of u per tensor, per slice or over all tensors). state: none.
#pragma once
#include <cstddef>
#include <tuple>
#include <type_traits>

#include <tzero/core/module.hpp>
#include <tzero/core/slice_dims.hpp>

namespace tzero {

template <class Scope = per_tensor_t>
struct centralize {
    Scope scope{};             ///< `per_tensor` (dim=None), `global` (dim='global') or `per_slice(dims...)`
    std::size_t min_size = 2;  ///< per tensor or slice: smaller ones are left alone

    using kind = reduce;
    using reduce_scope = Scope;
    static constexpr int state_slots = 0;
    static constexpr char const* name = "centralize";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"scope", &centralize::scope}, field{"min_size", &centralize::min_size}};
    }

    template <class V>
    TZERO_HD V reduce_term(V u, element<V, 0>, no_coeffs) const {
        return u;
    }

    /// The mean subtracted from every element of the tensor (or of all tensors).
    TZERO_HD double finalize(double sum, double count) const {
        if (count == 0) return 0;
        if constexpr (!std::is_same_v<Scope, global_t>)  // per tensor or per slice
            if (count < double(min_size)) return 0;
        return sum / count;
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0> e, no_coeffs) const {
        return u - e.reduced;
    }
};

}  // namespace tzero
