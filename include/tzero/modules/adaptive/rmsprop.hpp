/// @file tzero/modules/adaptive/rmsprop.hpp
/// RMSprop: divides the update by the root of an EMA of its square.
///   v ← a·v + (1 − a)·u²           (a = smoothing)
///   amsgrad: v_max ← max(v_max, v), used in place of v below
///   debias: v̂ = v / (1 − aᵗ), m̂ = m / (1 − aᵗ)        otherwise v̂ = v, m̂ = m
///   exp_avg_sq_tfm: v̂ ← tfm(v̂)  (on a copy; the stored v is unchanged)
///   centered: m ← lerp(m, u, 1 − a),  v′ = v̂ − m̂²    otherwise v′ = v̂
///   inner: u ← inner(u) / (√v′ + ε)                   otherwise u ← u / (√v′ + ε)
///   init zeros: v₀ = m₀ = v_max₀ = 0;  init update: v₀ = v_max₀ = u₁², m₀ = u₁
/// Matches torchzero `tz.m.RMSprop(smoothing=0.99, eps=1e-8, centered=False, debias=False,
/// amsgrad=False, init='zeros', inner=None, exp_avg_sq_tfm=None)` (modules/adaptive/rmsprop.py),
/// itself identical to torch.optim.RMSprop. Centering and AMSGrad add a state slot each, so they
/// are part of the type: `rmsprop(0.99, 1e-8, centered)`. AMSGrad: `.with_amsgrad()`
/// (`rmsprop().with_amsgrad()`).
/// torchzero's `amsgrad=True` fails (it stores the maximum under one key and reads it under
/// another, docs/modules.md); tzero implements the intended math above.
/// The averages are stepped with the update entering the module; `inner` (torchzero's `inner`)
/// then runs on that update and `exp_avg_sq_tfm` on a copy of v̂ (of v_max's when amsgrad, after
/// debiasing, before centering): `rmsprop().with_inner(sign()).with_exp_avg_sq_tfm(sqrt())`
/// (core/branch.hpp, "inner chain"). Their slots follow RMSprop's and their math is inlined.
/// kind: elementwise. state: 1 slot (v), then m when centered, then v_max when amsgrad; then the
/// inner chains' (inner's, then exp_avg_sq_tfm's).
#pragma once
#include <array>
#include <cmath>
#include <tuple>
#include <type_traits>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

/// Tags for RMSprop's centering, part of the type because it adds a state slot.
struct uncentered_t {
    static constexpr char const* name = "uncentered";
};
struct centered_t {
    static constexpr char const* name = "centered";
};
inline constexpr uncentered_t uncentered{};
inline constexpr centered_t centered{};

/// How RMSprop's averages start: at zero, or at the first update (and its square).
enum class rmsprop_init { zeros, update };
constexpr std::array<char const*, 2> enumerators(rmsprop_init) { return {"zeros", "update"}; }

template <class Centered = uncentered_t, class Amsgrad = amsgrad_off_t, inner_operand Inner = no_inner,
          inner_operand ExpAvgSqTfm = no_inner>
struct rmsprop {
    double smoothing = 0.99;
    double eps = 1e-8;
    Centered centered{};
    bool debias = false;
    std::type_identity_t<Amsgrad> amsgrad{};  ///< `with_amsgrad()`; not deduced from an initializer
    rmsprop_init init = rmsprop_init::zeros;
    Inner inner{};                 ///< run on the update before the division (`with_inner`)
    ExpAvgSqTfm exp_avg_sq_tfm{};  ///< run on v̂ before centering and the root (`with_exp_avg_sq_tfm`)

    static_assert(std::is_same_v<Centered, uncentered_t> || std::is_same_v<Centered, centered_t>,
                  "tzero: rmsprop: centering is uncentered or centered (write rmsprop(0.99, 1e-8, centered))");
    static_assert(amsgrad_tag<Amsgrad>,
                  "tzero: rmsprop: amsgrad is amsgrad_off_t or amsgrad_on_t (write rmsprop().with_amsgrad())");
    static constexpr bool is_centered = std::is_same_v<Centered, centered_t>;
    static constexpr bool is_amsgrad = std::is_same_v<Amsgrad, amsgrad_on_t>;
    using kind = elementwise;
    static constexpr int own_slots = 1 + int(is_centered) + int(is_amsgrad);
    static constexpr int state_slots = state_slots_of<rmsprop>;
    static constexpr char const* name = "rmsprop";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"smoothing", &rmsprop::smoothing}, field{"eps", &rmsprop::eps},
                          field{"centered", &rmsprop::centered},   field{"debias", &rmsprop::debias},
                          field{"amsgrad", &rmsprop::amsgrad},     field{"init", &rmsprop::init},
                          field{"inner", &rmsprop::inner},         field{"exp_avg_sq_tfm", &rmsprop::exp_avg_sq_tfm}};
    }

    /// This RMSprop with AMSGrad on: v replaced by its running maximum (one more slot).
    constexpr auto with_amsgrad() const {
        return rmsprop<Centered, amsgrad_on_t, Inner, ExpAvgSqTfm>{smoothing,      eps,  centered, debias,
                                                                   amsgrad_on_t{}, init, inner,    exp_avg_sq_tfm};
    }
    /// This RMSprop with `c` run on the update before the division (torchzero's `inner`).
    template <module_or_chain C>
    constexpr auto with_inner(C const& c) const {
        return rmsprop<Centered, Amsgrad, inner_t<C>, ExpAvgSqTfm>{smoothing, eps,  centered, debias,
                                                                   amsgrad,   init, c,        exp_avg_sq_tfm};
    }
    /// This RMSprop with `c` run on v̂, or v̂_max (torchzero's `exp_avg_sq_tfm`).
    template <module_or_chain C>
    constexpr auto with_exp_avg_sq_tfm(C const& c) const {
        return rmsprop<Centered, Amsgrad, Inner, inner_t<C>>{smoothing, eps, centered, debias, amsgrad, init, inner, c};
    }

    constexpr void validate() const {
        detail::check(smoothing >= 0 && smoothing < 1, "tzero: rmsprop: smoothing must be in [0, 1)", smoothing);
        detail::check(eps > 0, "tzero: rmsprop: eps must be > 0", eps);
    }

    struct coeffs {
        bool first;   ///< first step of an init-update average
        double bias;  ///< 1 − smoothingᵗ, divides the averages when debiasing
        inner_coeffs<Inner> inner;
        inner_coeffs<ExpAvgSqTfm> exp_avg_sq;
    };
    coeffs per_step(long t) const {
        return {t == 1 && init == rmsprop_init::update, 1 - std::pow(smoothing, double(t)), inner_per_step(inner, t),
                inner_per_step(exp_avg_sq_tfm, t)};
    }

    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, coeffs k) const {
        V& v = e.state[0];
        V a = V(smoothing), rest = V(1 - smoothing);
        v = (k.first ? u * u : v) * a + rest * u * u;
        V second = v;
        if constexpr (is_amsgrad) {
            V& v_max = e.state[own_slots - 1];
            v_max = math::max(k.first ? u * u : v_max, v);  // NaN if either is NaN, as torch.maximum_
            second = v_max;
        }
        if (debias) second = second / V(k.bias);
        second = inner_value(exp_avg_sq_tfm, k.exp_avg_sq, second, e, own_slots + inner_slots<Inner>);
        if constexpr (is_centered) {
            V& m = e.state[1];
            m = math::lerp(k.first ? u : m, u, 1 - smoothing);
            V first = debias ? m / V(k.bias) : m;
            second = second - first * first;
        }
        return inner_value(inner, k.inner, u, e, own_slots) / (math::sqrt(second) + V(eps));
    }
};

}  // namespace tzero
