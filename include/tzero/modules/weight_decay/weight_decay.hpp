/// @file tzero/modules/weight_decay/weight_decay.hpp
/// WeightDecay: adds the gradient of a norm penalty on the parameters to the update.
///   ord 2: u ← u + p · wd        ord 1: u ← u + sign(p) · wd
///   ord k: u ← u + copysign(|p|^(k−1), p) · wd
/// Matches torchzero `tz.m.WeightDecay(weight_decay, ord)` (modules/weight_decay/weight_decay.py).
/// Where it sits decides the coupling, as in torchzero: before `adam` it is L2 regularization,
/// after `adam` but before `lr` it is AdamW's decay (scaled by lr), after `lr` it is fully
/// decoupled. For ord ≥ 3 torchzero's sign correction has an operator-precedence bug
/// (`ord - 1 % 2`) that drops the sign for odd ord; tzero keeps the sign (docs/modules.md).
/// The weight may be a schedule of the step (core/schedule.hpp):
/// `weight_decay(cosine_schedule{.peak_lr = 1e-4, .total_steps = 1000})`, evaluated once per
/// step on the host; `weight_decay(1e-4)` is `weight_decay<double>`, the code it always was.
/// kind: elementwise. state: none. reads: the parameter.
#pragma once
#include <limits>
#include <tuple>
#include <type_traits>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/schedule.hpp>

namespace tzero {

namespace detail {
/// The gradient of the order-`ord` penalty (up to the factor): p for 2, sign(p) for 1,
/// copysign(|p|^(ord−1), p) otherwise. `ord` is a hyperparameter, uniform across lanes.
template <class V>
TZERO_HD V decay_term(V p, int ord) {
    if (ord == 2) return p;
    if (ord == 1) return math::sign(p);
    return math::copysign(math::pow(math::abs(p), V(ord - 1)), p);
}
}  // namespace detail

template <class W = double>
struct weight_decay {
    static_assert(scalar_or_schedule<W>,
                  "tzero: weight_decay: the weight must be a number or a schedule (write weight_decay(1e-4))");
    std::type_identity_t<W> weight_decay = required_value<W>;  ///< required, as in torchzero
    int ord = 2;                                               ///< order of the penalty: 1 (L1), 2 (L2), or higher

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr bool uses_param = true;
    static constexpr char const* name = "weight_decay";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"weight_decay", &weight_decay::weight_decay}, field{"ord", &weight_decay::ord}};
    }

    constexpr void validate() const {
        validate_value(
            weight_decay, [](double x) { return x - x == 0; },
            "tzero: weight_decay: weight_decay must be a finite number (write weight_decay(1e-4))");
        detail::check(ord >= 1, "tzero: weight_decay: ord must be >= 1", ord);
    }
    step_value_t<W> per_step(long t) const
        requires schedule<W>
    {
        return per_step_value(weight_decay, t);
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0> e, step_value_t<W> k) const {
        return u + detail::decay_term(e.p, ord) * V(current_value(weight_decay, k));
    }
};
template <class W>
weight_decay(W) -> weight_decay<scalar_or_schedule_t<W>>;
template <class W>
weight_decay(W, int) -> weight_decay<scalar_or_schedule_t<W>>;

}  // namespace tzero
