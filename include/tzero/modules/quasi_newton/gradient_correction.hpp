/// @file tzero/modules/quasi_newton/gradient_correction.hpp
/// Gradient correction (Hoshino 1972): the gradient at the minimum along the last step, assuming
/// the function quadratic, over every parameter; with p′, u′ the previous step's parameter and
/// update, s = p − p′ and y = u − u′:
///   û = u − y·(sᵀu)/clip(sᵀy)     (û = u on the first step)
/// clip floors |sᵀy| at 2·tiny of the parameters' type (torchzero's safe_clip). Meant as the
/// update fed to a quasi-Newton method behind an inexact line search.
/// Matches torchzero `tz.m.GradientCorrection()` (modules/quasi_newton/quasi_newton.py).
/// kind: reduce (global; 3 sums: sᵀu, sᵀy, the element size), 1 persistent scalar (whether p′
/// and u′ hold a step). state: 2 slots (p′, u′). One pass to sum, one to apply: fused.
#pragma once
#include <tuple>

#include <tzero/core/config.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/modules/detail/finfo.hpp>

namespace tzero {

struct gradient_correction {
    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr bool uses_param = true;
    static constexpr int state_slots = 2;  // p′, u′
    static constexpr int reduce_terms = 3;
    static constexpr int reduce_slots = 1;
    static constexpr char const* name = "gradient_correction";

    template <class V, int N>
    TZERO_HD terms<V, reduce_terms> reduce_term(V u, element<V, N> e, no_coeffs) const {
        V const s = e.p - e.state[0], y = u - e.state[1];
        return {{s * u, s * y, detail::element_size_term<V>()}};
    }

    /// (sᵀu)/clip(sᵀy), 0 on the first step.
    TZERO_HD double finalize(reduction<reduce_terms, reduce_slots> r) const {
        if (r.state[0] == 0) {
            r.state[0] = 1;
            return 0;
        }
        double const guard = 2 * detail::finfo_from(r.sum[2], r.count).tiny;
        double const sy = math::abs(r.sum[1]) < guard ? (r.sum[1] < 0 ? -guard : guard) : r.sum[1];
        return r.sum[0] / sy;
    }

    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, no_coeffs) const {
        V const y = u - e.state[1];
        e.state[0] = e.p, e.state[1] = u;
        return u - y * e.reduced;
    }
};

}  // namespace tzero
