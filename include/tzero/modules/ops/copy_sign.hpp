/// @file tzero/modules/ops/copy_sign.hpp
/// CopySign: |u|·sign(other(u)) as the update.
///   u ← |u|·sign(other(u))        (a zero other(u) counts as positive)
/// `other` runs on a copy of the update entering the module (a `branch`, core/branch.hpp): its
/// state is this module's and its math is inlined into the same pass.
/// Matches torchzero `tz.m.CopySign(other)` (modules/ops/binary.py).
/// kind: elementwise. state: other's.
#pragma once
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

template <class Other>
struct copy_sign {
    static_assert(detail::is_branch<Other>,
                  "tzero: copy_sign: other must be a module or a chain (write copy_sign(sign()))");
    Other other;

    using kind = elementwise;
    static constexpr int state_slots = operand_slots<Other>;
    static constexpr bool uses_param = operand_uses_param<Other>;
    static constexpr bool uses_grad = operand_uses_grad<Other>;
    static constexpr char const* name = "copy_sign";
    static constexpr auto hyperparameters() { return std::tuple{field{"other", &copy_sign::other}}; }

    constexpr void validate() const {
        validate_operand(other, "");  // its modules' checks
    }
    operand_coeffs<Other> per_step(long t) const { return operand_per_step(other, t); }
    template <class V>
    TZERO_HD V apply(V u, element<V, state_slots> e, operand_coeffs<Other> const& k) const {
        V const o = operand_value(other, k, u, e);
        return math::copysign(u, o);
    }
};
template <class O>
copy_sign(O) -> copy_sign<operand_t<O>>;

}  // namespace tzero
