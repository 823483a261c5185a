/// @file tzero/modules/momentum/msam_momentum.hpp
/// Momentum-SAM (Becker et al. 2024) written as a function of the gradient: the parameters it
/// leaves are the ascent point ŵ = w + ρ·v/‖v‖, so the step from one to the next is
///   vn  = v / max(‖v‖/ρ, 2·tiny)                     (‖·‖ over ALL parameters, before the update)
///   v ← μ·v + u            (lerp: lerp(v, u, 1 − μ); nesterov: v ← (v + u)·μ, w = u + v)
///   w = v                                             (nesterov: u + v)
///   u ← lr·w + w / max(‖w‖/ρ, 2·tiny) − vn  (+ weight_decay·(p + vn))
/// with tiny the smallest normal number of the parameters' type. One pass sums ‖v‖² and ‖w‖²
/// (the momentum update is recomputed from v and u in the pass that applies it). The learning
/// rate is part of the rule, so no `lr` module follows it.
/// Matches torchzero `tz.m.MSAMMomentum(lr, momentum=0.9, rho=0.3, weight_decay=0,
/// nesterov=False, lerp=False)` (modules/adaptive/msam.py). torchzero's `MSAM(modules)`, which
/// runs other modules on the MSAM objective, is not this module.
/// kind: reduce (global; ‖v‖², ‖w‖²). state: 1 slot (v). reads: the parameters.
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/modules/detail/finfo.hpp>

namespace tzero {

struct msam_momentum {
    double lr = 1e-3;         ///< the step size inside the rule (torchzero has no default)
    double momentum = 0.9;    ///< μ
    double rho = 0.3;         ///< the perturbation's size, > 0
    double weight_decay = 0;  ///< applied at the perturbed point p + vn
    bool nesterov = false;    ///< Nesterov's momentum (w = u + v)
    bool lerp = false;        ///< v ← lerp(v, u, 1 − μ) instead of μ·v + u

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr int reduce_terms = 3;    // ‖v‖², ‖w‖², the element size (for tiny)
    static constexpr int reduce_outputs = 2;  // the two denominators
    static constexpr int state_slots = 1;
    static constexpr bool uses_param = true;
    static constexpr char const* name = "msam_momentum";
    static constexpr auto hyperparameters() {
        using self = msam_momentum;
        return std::tuple{field{"lr", &self::lr},
                          field{"momentum", &self::momentum},
                          field{"rho", &self::rho},
                          field{"weight_decay", &self::weight_decay},
                          field{"nesterov", &self::nesterov},
                          field{"lerp", &self::lerp}};
    }

    constexpr void validate() const {
        detail::check(lr - lr == 0, "tzero: msam_momentum: lr must be a finite number", lr);
        detail::check(momentum - momentum == 0, "tzero: msam_momentum: momentum must be a finite number", momentum);
        detail::check(rho > 0 && rho - rho == 0, "tzero: msam_momentum: rho must be a finite number > 0", rho);
        detail::check(weight_decay - weight_decay == 0, "tzero: msam_momentum: weight_decay must be a finite number",
                      weight_decay);
    }

    /// The new velocity and w, from the stored velocity v and the update u.
    template <class V>
    struct step_values {
        V velocity, w;
    };
    template <class V>
    TZERO_HD step_values<V> advance(V u, V v) const {
        V const next = lerp       ? math::lerp(v, u, 1 - momentum)
                       : nesterov ? V((v + u) * V(math::scalar_t<V>(momentum)))
                                  : V(v * V(math::scalar_t<V>(momentum)) + u);
        return {next, nesterov ? V(u + next) : next};
    }

    template <class V, int N>
    TZERO_HD terms<V, 3> reduce_term(V u, element<V, N, 2> e, no_coeffs) const {
        V const v = e.state[0];
        V const w = advance(u, v).w;
        return {{v * v, w * w, detail::element_size_term<V>()}};
    }
    TZERO_HD terms<double, 2> finalize(reduction<3> r) const {
        double const floor = 2 * detail::finfo_from(r.sum[2], r.count).tiny;
        auto const denominator = [&](double sum_of_squares) {
            double const d = math::sqrt(sum_of_squares) / rho;
            return d < floor ? floor : d;  // NaN stays NaN, as torch's clip
        };
        return {{denominator(r.sum[0]), denominator(r.sum[1])}};
    }
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N, 2> e, no_coeffs) const {
        using T = math::scalar_t<V>;
        V const v = e.state[0];
        auto const [velocity, w] = advance(u, v);
        e.state[0] = velocity;
        V const vn = v / e.reduced[0];
        V update = w * V(T(lr)) + w / e.reduced[1] - vn;  // torchzero's order
        if (weight_decay != 0) update += (e.p + vn) * V(T(weight_decay));
        return update;
    }
};

}  // namespace tzero
