/// @file tzero/modules/adaptive/backtrack_on_sign_change.hpp
/// BacktrackOnSignChange: where the update (or the gradient) changed sign since the previous
/// step, replaces the update by the previous value (backtrack) or by 0.
///   c = u, or the raw gradient g with use_grad
///   t = 1:  u unchanged
///   t > 1:  where c·prev < 0:  u ← prev (backtrack) or 0
///   prev ← c                (the value before this step's replacement)
/// Matches torchzero `tz.m.BacktrackOnSignChange(use_grad=False, backtrack=True)`
/// (modules/adaptive/rprop.py) with `use_grad=True`. With `use_grad=False` torchzero stores its
/// own output as `prev` (an alias of the update it returns), so the state holds the replaced
/// value and is rescaled by every later in-place module such as `LR`; tzero stores the input, as
/// the module is documented (docs/modules.md lists this divergence). torchzero's docstring says
/// backtracking undoes the update; its code, and tzero, repeat the previous value.
/// `use_grad` is a runtime choice, so the module always declares that it reads the gradient.
/// kind: elementwise. state: 1 slot (prev). reads: the raw gradient.
#pragma once
#include <tuple>

#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct backtrack_on_sign_change {
    bool use_grad = false;
    bool backtrack = true;

    using kind = elementwise;
    static constexpr int state_slots = 1;
    static constexpr bool uses_grad = true;
    static constexpr char const* name = "backtrack_on_sign_change";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"use_grad", &backtrack_on_sign_change::use_grad},
                          field{"backtrack", &backtrack_on_sign_change::backtrack}};
    }

    struct coeffs {
        bool first;  ///< no previous value yet: the update passes through
    };
    coeffs per_step(long t) const { return {t == 1}; }

    template <class V>
    TZERO_HD V apply(V u, element<V, 1> e, coeffs k) const {
        V& prev = e.state[0];
        V c = use_grad ? e.g : u;
        V out = u;
        if (!k.first) out = math::select(c * prev < V(0), backtrack ? prev : V(0), u);
        prev = c;
        return out;
    }
};

}  // namespace tzero
