/// @file tzero/modules/ops/minimum.hpp
/// Minimum: min(u, other(u)) as the update.
///   u ← min(u, other(u))        (NaN in either gives NaN, as torch.minimum)
/// `other` runs on a copy of the update entering the module (a `branch`, core/branch.hpp): its
/// state is this module's and its math is inlined into the same pass.
/// Matches torchzero `tz.m.Minimum(other)` (modules/ops/binary.py).
/// kind: elementwise. state: other's.
#pragma once
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

template <class Other>
struct minimum {
    static_assert(detail::is_branch<Other>,
                  "tzero: minimum: other must be a module or a chain (write minimum(sign()))");
    Other other;

    using kind = elementwise;
    static constexpr int state_slots = operand_slots<Other>;
    static constexpr bool uses_param = operand_uses_param<Other>;
    static constexpr bool uses_grad = operand_uses_grad<Other>;
    static constexpr char const* name = "minimum";
    static constexpr auto hyperparameters() { return std::tuple{field{"other", &minimum::other}}; }

    constexpr void validate() const {
        validate_operand(other, "");  // its modules' checks
    }
    operand_coeffs<Other> per_step(long t) const { return operand_per_step(other, t); }
    template <class V>
    TZERO_HD V apply(V u, element<V, state_slots> e, operand_coeffs<Other> const& k) const {
        V const o = operand_value(other, k, u, e);
        return math::min(u, o);
    }
};
template <class O>
minimum(O) -> minimum<operand_t<O>>;

}  // namespace tzero
