/// @file tzero/modules/adaptive/lion.hpp
/// Lion: the sign of an interpolation between the momentum and the update.
///   u ← sign(lerp(m, u, 1 − β1))        then m ← lerp(m, u, 1 − β2)       (m₀ = 0)
/// Matches torchzero `tz.m.Lion(beta1=0.9, beta2=0.99)` (modules/adaptive/lion.py; Chen et al.
/// 2023, "Symbolic Discovery of Optimization Algorithms"). The output is −1, 0 or 1 per element
/// (0 for NaN, as torch.sign), so `lion() | lr(γ)` steps every parameter by γ.
/// kind: elementwise. state: 1 slot (m).
#pragma once
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct lion {
    double beta1 = 0.9;
    double beta2 = 0.99;

    using kind = elementwise;
    static constexpr int state_slots = 1;
    static constexpr char const* name = "lion";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"beta1", &lion::beta1}, field{"beta2", &lion::beta2}};
    }

    constexpr void validate() const {
        detail::check(beta1 >= 0 && beta1 <= 1, "tzero: lion: beta1 must be in [0, 1]", beta1);
        detail::check(beta2 >= 0 && beta2 <= 1, "tzero: lion: beta2 must be in [0, 1]", beta2);
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 1> e, no_coeffs) const {
        V& m = e.state[0];
        V out = math::sign(math::lerp(m, u, 1 - beta1));
        m = math::lerp(m, u, 1 - beta2);
        return out;
    }
};

}  // namespace tzero
