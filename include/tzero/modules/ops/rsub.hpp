/// @file tzero/modules/ops/rsub.hpp
/// RSub: other − u as the update.
///   u ← other − u        (other a number, or other(u))
/// `other` is a number or a chain of modules run on a copy of the update entering the module
/// (a `branch`, core/branch.hpp), whose state is this module's and whose math is inlined.
/// Matches torchzero `tz.m.RSub(other)` (modules/ops/binary.py).
/// kind: elementwise. state: other's.
#pragma once
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

template <class Other>
struct rsub {
    Other other = required_operand<Other>;  ///< required, as in torchzero

    using kind = elementwise;
    static constexpr int state_slots = operand_slots<Other>;
    static constexpr bool uses_param = operand_uses_param<Other>;
    static constexpr bool uses_grad = operand_uses_grad<Other>;
    static constexpr char const* name = "rsub";
    static constexpr auto hyperparameters() { return std::tuple{field{"other", &rsub::other}}; }

    constexpr void validate() const {
        validate_operand(other, "tzero: rsub: other must be a finite number (write rsub(2.0))");
    }
    operand_coeffs<Other> per_step(long t) const { return operand_per_step(other, t); }
    template <class V>
    TZERO_HD V apply(V u, element<V, state_slots> e, operand_coeffs<Other> const& k) const {
        V const o = operand_value(other, k, u, e);
        return o - u;
    }
};
template <class O>
rsub(O) -> rsub<operand_t<O>>;

}  // namespace tzero
