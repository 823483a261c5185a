/// @file tzero/modules/weight_decay/direct_weight_decay.hpp
/// DirectWeightDecay: decays the parameters themselves, independently of the rest of the chain.
///   p ← p − wd·p (ord 2), p − wd·sign(p) (ord 1), p − wd·copysign(|p|^(ord−1), p) (ord k)
/// Matches torchzero `tz.m.DirectWeightDecay(weight_decay, ord=2)`
/// (modules/weight_decay/weight_decay.py). torchzero writes the parameters in place wherever the
/// module sits and passes the update on unchanged, so the step is p − wd·f(p) − u_final. tzero's
/// one parameter write is p − u, so the decay is an update term, u ← u + wd·f(p), that no later
/// module may scale: put `direct_weight_decay` last. `DirectWeightDecay(wd), Adam(), LR(0.01)` is
/// `adam() | lr(0.01) | direct_weight_decay(wd)`; the two agree as long as no module after
/// torchzero's reads the parameters (those would see them already decayed). For ord ≥ 3 tzero
/// keeps the sign that torchzero's `ord - 1 % 2` drops, as `weight_decay` does (docs/modules.md).
/// kind: elementwise. state: none. reads: the parameter.
#pragma once
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/modules/weight_decay/weight_decay.hpp>

namespace tzero {

struct direct_weight_decay {
    double weight_decay = std::numeric_limits<double>::quiet_NaN();  ///< required, as in torchzero
    int ord = 2;  ///< order of the penalty: 1 (L1), 2 (L2), or higher

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr bool uses_param = true;
    static constexpr char const* name = "direct_weight_decay";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"weight_decay", &direct_weight_decay::weight_decay},
                          field{"ord", &direct_weight_decay::ord}};
    }

    constexpr void validate() const {
        detail::check(
            weight_decay - weight_decay == 0,
            "tzero: direct_weight_decay: weight_decay must be a finite number (write direct_weight_decay(1e-4))",
            weight_decay);
        detail::check(ord >= 1, "tzero: direct_weight_decay: ord must be >= 1", ord);
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0> e, no_coeffs) const {
        return u + detail::decay_term(e.p, ord) * V(weight_decay);
    }
};

}  // namespace tzero
