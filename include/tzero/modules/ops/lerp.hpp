/// @file tzero/modules/ops/lerp.hpp
/// Lerp: interpolates between the update and what a chain of modules makes of it.
///   u ← u + weight·(end(u) − u)        (torch.lerp with a scalar weight)
/// `end` runs on a copy of the update entering `lerp` (a `branch`, core/branch.hpp); its state
/// is lerp's and its math is inlined into the same pass. `lerp(adam(), 0.5)` steps halfway
/// between the update and Adam's step for it.
/// Matches torchzero `tz.m.Lerp(end, weight)` (modules/ops/binary.py).
/// kind: elementwise. state: end's.
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

template <class End>
struct lerp {
    static_assert(detail::is_branch<End>, "tzero: lerp: end must be a module or a chain (write lerp(adam(), 0.5))");
    End end;
    double weight = std::numeric_limits<double>::quiet_NaN();  ///< required, as in torchzero

    using kind = elementwise;
    static constexpr int state_slots = state_slots_of<lerp>;
    static constexpr char const* name = "lerp";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"end", &lerp::end}, field{"weight", &lerp::weight}};
    }

    constexpr void validate() const {
        detail::check(weight - weight == 0, "tzero: lerp: weight must be a finite number (write lerp(adam(), 0.5))",
                      weight);
    }
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, auto const& k) const {
        return math::lerp(u, value_of<&lerp::end>(*this, k, u, e), weight);
    }
};
template <class E>
lerp(E, double) -> lerp<operand_t<E>>;

}  // namespace tzero
