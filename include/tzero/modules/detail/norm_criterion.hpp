/// @file tzero/modules/detail/norm_criterion.hpp
/// What terminate_by_gradient_norm and terminate_by_update_norm share: a hit when a norm over all
/// parameters is at most `tol`, `n` times in a row; `Update` picks the vector (the step's gradient,
/// or the change of the parameters over the step, whose p_before the pass keeps in a slot).
#pragma once
#include <tuple>

#include <tzero/core/config.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/metric.hpp>
#include <tzero/core/module.hpp>
#include <tzero/modules/detail/vector_norm.hpp>

namespace tzero::detail {

template <bool Update>
struct norm_criterion {
    double tol = 1e-8;  ///< the norm at or below which a step hits
    long n = 3;         ///< hits in a row to stop
    metric ord = 2;     ///< the norm's order p, or a statistic

    using kind = elementwise;
    static constexpr bool terminates = true, uses_param = Update;
    static constexpr int state_slots = Update ? 1 : 0, host_slots = 0;
    static constexpr char const* name = Update ? "terminate_by_update_norm" : "terminate_by_gradient_norm";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"tol", &norm_criterion::tol}, field{"n", &norm_criterion::n},
                          field{"ord", &norm_criterion::ord}};
    }
    // the module's own words in its messages
    static constexpr char const* bad_tol = Update ? "tzero: terminate_by_update_norm: tol must be a number"
                                                  : "tzero: terminate_by_gradient_norm: tol must be a number";
    static constexpr char const* bad_n = Update ? "tzero: terminate_by_update_norm: n must be 1 or more"
                                                : "tzero: terminate_by_gradient_norm: n must be 1 or more";
    static constexpr char const* bad_ord =
        Update ? "tzero: terminate_by_update_norm: ord must be a number or a name (2 is the L2 norm, inf the "
                 "largest change)"
               : "tzero: terminate_by_gradient_norm: ord must be a number or a name (2 is the L2 norm, inf the "
                 "largest |g|)";
    constexpr void validate() const {
        check(tol == tol, bad_tol, tol);
        check(n >= 1, bad_n, double(n));
        check_metric(ord, bad_ord);
    }

    template <class C>
    bool criterion(C const& ctx, double*, int first_slot) const {
        if constexpr (Update) return ctx.update_metric(ord, first_slot) <= tol;
        else return ctx.gradient_metric(ord) <= tol;
    }
    template <class V, class E, class K>
    TZERO_HD V apply(V u, E const& e, K const&) const {
        if constexpr (Update) e.state[0] = e.p;  // p_before, for the change after the step
        return u;
    }
};

}  // namespace tzero::detail
