/// @file tzero/modules/ops/parameters.hpp
/// Parameters: replaces the update by the parameters (as they were before this step).
///   u ← p
/// Matches torchzero `tz.m.Params` (modules/ops/utility.py). Named `parameters` because
/// `tzero::params(...)` already builds an optimizer's parameter list (core/tensor_view.hpp).
/// kind: elementwise. state: none. reads: the parameter.
#pragma once
#include <tzero/core/module.hpp>

namespace tzero {

struct parameters {
    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr bool uses_param = true;
    static constexpr char const* name = "parameters";

    template <class V>
    TZERO_HD V apply(V, element<V, 0> e, no_coeffs) const {
        return e.p;
    }
};

}  // namespace tzero
