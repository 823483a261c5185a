/// @file tzero/modules/weight_decay/cautious_weight_decay.hpp
/// CautiousWeightDecay: weight decay only where the update already points the way the decay does.
///   u ← u + wd·f(p)·[u·p > 0]        f(p) = p (ord 2), sign(p) (ord 1), copysign(|p|^(ord−1), p)
/// Matches torchzero `tz.m.CautiousWeightDecay(weight_decay, ord=2)`
/// (modules/weight_decay/weight_decay.py; Chen et al. 2025, arXiv:2510.12402). The mask reads the
/// update entering the module and multiplies the term, as torch's `mul_(mask)` does (so an
/// infinite parameter outside the mask gives NaN there, as in torchzero). Where it sits decides
/// the coupling, as for `weight_decay`. For ord ≥ 3 tzero keeps the sign that torchzero's
/// `ord - 1 % 2` drops (docs/modules.md).
/// kind: elementwise. state: none. reads: the parameter.
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/modules/weight_decay/weight_decay.hpp>

namespace tzero {

struct cautious_weight_decay {
    double weight_decay = std::numeric_limits<double>::quiet_NaN();  ///< required, as in torchzero
    int ord = 2;  ///< order of the penalty: 1 (L1), 2 (L2), or higher

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr bool uses_param = true;
    static constexpr char const* name = "cautious_weight_decay";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"weight_decay", &cautious_weight_decay::weight_decay},
                          field{"ord", &cautious_weight_decay::ord}};
    }

    constexpr void validate() const {
        detail::check(
            weight_decay - weight_decay == 0,
            "tzero: cautious_weight_decay: weight_decay must be a finite number (write cautious_weight_decay(1e-4))",
            weight_decay);
        detail::check(ord >= 1, "tzero: cautious_weight_decay: ord must be >= 1", ord);
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0> e, no_coeffs) const {
        return u + detail::decay_term(e.p, ord) * V(weight_decay) * math::mask<V>(u * e.p > V(0));
    }
};

}  // namespace tzero
