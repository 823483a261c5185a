/// @file tzero/modules/ops/gram_schmidt.hpp
/// GramSchimdt: the update made orthogonal to what a chain makes of it (one Gram–Schmidt step).
///   o = other(u)                              (a chain run on the update entering the module)
///   c = ⟨o, u⟩ / max(⟨o, o⟩, 2·tiny)          (per tensor, or over all parameters with `global`)
///   u ← u − c·o
/// `gram_schmidt(heavy_ball())` removes from the update its component along the momentum.
/// The chain is a branch (core/branch.hpp): its state is this module's, its math inlined, run in
/// the reduction's pass reading its state and in the next one stepping it. c is formed in double
/// with tiny = FLT_MIN, torchzero's floor for float (for double it differs from torch's only when
/// ⟨o, o⟩ < 1e-38, where o is zero to every digit anyway).
/// Mirrors torchzero `tz.m.GramSchimdt(other)` (modules/ops/binary.py), with the intended math:
/// torchzero's computes u − (o·u)/(o·o) elementwise, which is u − u/o, not a projection
/// (docs/modules.md lists the divergence; the parity data comes from a corrected reference).
/// kind: reduce (two sums: ⟨o, u⟩, ⟨o, o⟩). state: other's.
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>

namespace tzero {

template <operand Other, class Scope = per_tensor_t>
struct gram_schmidt {
    static_assert(detail::is_branch<Other>,
                  "tzero: gram_schmidt: other must be a module or a chain (write gram_schmidt(heavy_ball()))");
    Other other{};
    Scope scope{};  ///< `per_tensor` (each tensor orthogonal to its part of o) or `global`

    using kind = reduce;
    using reduce_scope = Scope;
    static constexpr int state_slots = state_slots_of<gram_schmidt>;
    static constexpr int reduce_terms = 2;  // ⟨o, u⟩, ⟨o, o⟩
    static constexpr char const* name = "gram_schmidt";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"other", &gram_schmidt::other}, field{"scope", &gram_schmidt::scope}};
    }

    template <class V, int N>
    TZERO_HD terms<V, 2> reduce_term(V u, element<V, N> e, auto const& k) const {
        V const o = value_of<&gram_schmidt::other>(*this, k, u, e);
        return {{o * u, o * o}};
    }
    /// c = ⟨o, u⟩ / max(⟨o, o⟩, 2·FLT_MIN).
    TZERO_HD double finalize(reduction<2> r) const {
        double const floor = 2 * double(std::numeric_limits<float>::min());
        return r.sum[0] / (r.sum[1] > floor ? r.sum[1] : floor);
    }
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, auto const& k) const {
        return u - e.reduced * value_of<&gram_schmidt::other>(*this, k, u, e);
    }
};
template <class O>
gram_schmidt(O) -> gram_schmidt<operand_t<O>>;
template <class O, class S>
gram_schmidt(O, S) -> gram_schmidt<operand_t<O>, S>;

}  // namespace tzero
