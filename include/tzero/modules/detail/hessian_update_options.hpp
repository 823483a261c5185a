/// @file tzero/modules/detail/hessian_update_options.hpp
/// The checks of the options every torchzero `HessianUpdateStrategy` shares (the diagonal family,
/// diagonal_quasi_newton.hpp, and the dense one, dense_quasi_newton.hpp): their fields, and the
/// checks of the initial scale, the restart interval, the update frequency, the averaging `beta`
/// and a form the update has.
#pragma once
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/hyperparameter.hpp>

namespace tzero::detail {

/// The options' fields, in torchzero's order, of a module `M` that has them as members.
template <class M>
constexpr auto hessian_update_fields() {
    return std::tuple{field{"init_scale", &M::init_scale},
                      field{"tol", &M::tol},
                      field{"ptol", &M::ptol},
                      field{"ptol_restart", &M::ptol_restart},
                      field{"gtol", &M::gtol},
                      field{"restart_interval", &M::restart_interval},
                      field{"beta", &M::beta},
                      field{"update_freq", &M::update_freq},
                      field{"scale_first", &M::scale_first},
                      field{"inverse", &M::inverse}};
}

/// Throws `tzero::error` naming `Policy::name` for the first option out of range.
template <class Policy>
constexpr void check_hessian_update_options(double init_scale, long restart_interval, long update_freq, double beta,
                                            bool inverse) {
    check(init_scale > 0 || init_scale == -1,
          named_message<Policy, ": init_scale must be > 0, or -1 (auto: yTy / sTy)">.data(), init_scale);
    check(restart_interval >= -1,
          named_message<Policy, ": restart_interval must be >= 1, or 0 (never) or -1 (n + 1, auto)">.data(),
          double(restart_interval));
    check(update_freq >= 1, named_message<Policy, ": update_freq must be >= 1">.data(), double(update_freq));
    check(beta >= 0 && beta < 1, named_message<Policy, ": beta must be in [0, 1)">.data(), beta);
    if (inverse)
        check(Policy::has_inverse,
              named_message<Policy, ": there is no inverse form H of this update (set inverse = false)">.data(), 1);
    else
        check(Policy::has_direct,
              named_message<Policy, ": there is no direct form B of this update (set inverse = true)">.data(), 0);
}

}  // namespace tzero::detail
