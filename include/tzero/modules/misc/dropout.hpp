/// @file tzero/modules/misc/dropout.hpp
/// Dropout: each element of the update is zeroed with probability p.
///   m = [x ≥ p], x ~ U[0, 1)           (kept with probability 1 − p; not rescaled)
///   u ← u·m
///   `dropout(p, grafted)`: u ← u·m · ‖u‖ / ‖u·m‖, the norms over ALL parameters (the update
///   keeps its norm; an all-dropped update stays zero)
/// Before adam() it is gradient dropout, after it update dropout. Deterministic given `seed`:
/// the mask is a function of (seed, step, tensor, element) (core/random.hpp), so the grafted
/// form draws the same mask in its reduction pass and in its apply pass.
/// Mirrors torchzero `tz.m.Dropout(p=0.5, graft=False)` (modules/misc/regularization.py), which
/// cannot be instantiated (an abstract method; ../NOTES.md): tzero implements its documented
/// math. torchzero draws from torch's global generator; and where every element is dropped its
/// graft divides 0 by 0 (NaN), tzero's gives 0.
/// kind: elementwise, or reduce (global, two sums) when grafted. state: none.
#pragma once
#include <cstdint>
#include <tuple>
#include <type_traits>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/random.hpp>
#include <tzero/core/reduction.hpp>

namespace tzero {

/// Tags for dropout's rescaling, part of the type because it changes the plan.
struct ungrafted_t {
    static constexpr char const* name = "ungrafted";
};
struct grafted_t {
    static constexpr char const* name = "grafted";
};
inline constexpr grafted_t grafted{};

template <class Graft = ungrafted_t>
struct dropout {
    double p = 0.5;  ///< probability that an element is zeroed
    Graft graft{};   ///< `grafted`: rescale to the update's norm before dropout
    std::uint64_t seed = 0;

    static constexpr bool is_grafted = std::is_same_v<Graft, grafted_t>;
    using kind = std::conditional_t<is_grafted, reduce, elementwise>;
    using reduce_scope = global_t;
    static constexpr int state_slots = 0;
    static constexpr int reduce_terms = 2;  // ‖u‖², ‖u·m‖² (when grafted)
    static constexpr char const* name = "dropout";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"p", &dropout::p}, field{"graft", &dropout::graft}, field{"seed", &dropout::seed}};
    }

    constexpr void validate() const {
        detail::check(p >= 0 && p <= 1, "tzero: dropout: p must be in [0, 1] (write dropout{.p = 0.5})", p);
    }
    struct coeffs {
        std::uint64_t key;
    };
    coeffs per_step(long t) const { return {random::step_key(seed, t)}; }

    /// 1 where the element is kept.
    template <class V>
    TZERO_HD V keep(position at, coeffs const& k) const {
        return math::mask<V>(random::uniform<V>(k.key, at) >= V(p));
    }
    template <class V>
    TZERO_HD terms<V, 2> reduce_term(V u, element<V, 0> e, coeffs const& k) const {
        V const kept = u * keep<V>(e.at, k);
        return {{u * u, kept * kept}};
    }
    /// ‖u‖ / ‖u·m‖, or 0 when everything was dropped.
    TZERO_HD double finalize(reduction<2> r) const {
        return r.sum[1] > 0 ? math::sqrt(r.sum[0]) / math::sqrt(r.sum[1]) : 0.0;
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0> e, coeffs const& k) const {
        V const kept = u * keep<V>(e.at, k);
        if constexpr (is_grafted) return kept * e.reduced;
        else return kept;
    }
};

}  // namespace tzero
