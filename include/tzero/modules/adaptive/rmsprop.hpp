/// @file tzero/modules/adaptive/rmsprop.hpp
/// RMSprop: divides the update by the root of an EMA of its square.
///   v ← a·v + (1 − a)·u²           (a = smoothing)
///   centered: m ← lerp(m, u, 1 − a),  v′ = v̂ − m̂²    otherwise v′ = v̂
///   debias: v̂ = v / (1 − aᵗ), m̂ = m / (1 − aᵗ)        otherwise v̂ = v, m̂ = m
///   u ← u / (√v′ + ε)
///   init zeros: v₀ = m₀ = 0;  init update: v₀ = u₁², m₀ = u₁
/// Matches torchzero `tz.m.RMSprop(smoothing=0.99, eps=1e-8, centered=False, debias=False,
/// init='zeros')` (modules/adaptive/rmsprop.py), itself identical to torch.optim.RMSprop.
/// Centering adds a state slot, so it is part of the type: `rmsprop(0.99, 1e-8, centered)`.
/// kind: elementwise. state: 1 slot (v), 2 when centered (v, m).
#pragma once
#include <array>
#include <cmath>
#include <tuple>
#include <type_traits>

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
inline constexpr centered_t centered{};

/// How RMSprop's averages start: at zero, or at the first update (and its square).
enum class rmsprop_init { zeros, update };
constexpr std::array<char const*, 2> enumerators(rmsprop_init) { return {"zeros", "update"}; }

template <class Centered = uncentered_t>
struct rmsprop {
    double smoothing = 0.99;
    double eps = 1e-8;
    Centered centered{};
    bool debias = false;
    rmsprop_init init = rmsprop_init::zeros;

    static constexpr bool is_centered = std::is_same_v<Centered, centered_t>;
    using kind = elementwise;
    static constexpr int state_slots = is_centered ? 2 : 1;
    static constexpr char const* name = "rmsprop";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"smoothing", &rmsprop::smoothing}, field{"eps", &rmsprop::eps},
                          field{"centered", &rmsprop::centered}, field{"debias", &rmsprop::debias},
                          field{"init", &rmsprop::init}};
    }

    constexpr void validate() const {
        detail::check(smoothing >= 0 && smoothing < 1, "tzero: rmsprop: smoothing must be in [0, 1)", smoothing);
        detail::check(eps > 0, "tzero: rmsprop: eps must be > 0", eps);
    }

    struct coeffs {
        bool first;         ///< first step of an init-update average
        double bias;        ///< 1 − smoothingᵗ, divides the averages when debiasing
    };
    coeffs per_step(long t) const {
        return {t == 1 && init == rmsprop_init::update, 1 - std::pow(smoothing, double(t))};
    }

    template <class V>
    TZERO_HD V apply(V u, element<V, state_slots> e, coeffs k) const {
        V& v = e.state[0];
        V a = V(smoothing), rest = V(1 - smoothing);
        v = (k.first ? u * u : v) * a + rest * u * u;
        V second = debias ? v / V(k.bias) : v;
        if constexpr (is_centered) {
            V& m = e.state[1];
            m = math::lerp(k.first ? u : m, u, 1 - smoothing);
            V first = debias ? m / V(k.bias) : m;
            second = second - first * first;
        }
        return u / (math::sqrt(second) + V(eps));
    }
};

}  // namespace tzero
