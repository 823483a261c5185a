/// @file tzero/modules/grad_approximation/fdm.hpp
/// Finite-difference gradient: each element's derivative from the closure's values with that
/// element moved by multiples of h (the others fixed), by `formula`:
///   forward  (f(p + h·eᵢ) − f(p)) / h            central  (f(p + h·eᵢ) − f(p − h·eᵢ)) / 2h
///   backward (f(p) − f(p − h·eᵢ)) / h            and the higher orders of core/gradient_estimate.hpp
/// f(p) is evaluated once per estimate (formulas that read it); a central formula reports the
/// loss from one more call at p. n elements cost n·points (+ 1) closure calls.
/// Matches torchzero `tz.m.FDM(h=1e-3, formula='central')` (modules/grad_approximation/fdm.py),
/// moving an element from point to point as it does; torchzero then moves it back by subtracting
/// h, tzero restores its value (exact). Its
/// `target` is 'closure' here: the estimate is the gradient every later module and line search
/// reads. forward4 and forward5 (torchzero's randomized formulas) work here too.
/// kind: gradient approximator (first in its chain; step with `step(closure)`). state: none.
#pragma once
#include <cmath>
#include <cstddef>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/gradient_estimate.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct fdm {
    double h = 1e-3;                           ///< the step of the differences, > 0
    fd_formula formula = fd_formula::central;  ///< which points and weights

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr bool approximates_gradient = true;
    static constexpr char const* name = "fdm";
    static constexpr auto hyperparameters() { return std::tuple{field{"h", &fdm::h}, field{"formula", &fdm::formula}}; }

    constexpr void validate() const {
        detail::check(h > 0 && h - h == 0, "tzero: fdm: h must be a finite number > 0", h);
    }

    /// The estimate, element by element; returns the loss to report.
    template <class C>
    double estimate(C& ctx) const {
        fd_points const pts = points_of(formula);
        double f0 = 0, approx = std::nan("");
        bool have_f0 = false;
        for (std::size_t t = 0; t < ctx.tensors(); ++t) {
            auto* const p = ctx.param(t);
            auto* const g = ctx.gradient(t);
            using T = std::remove_reference_t<decltype(*p)>;
            for (std::size_t i = 0; i < ctx.size(t); ++i) {
                if (pts.uses_f0 && !have_f0) f0 = ctx.value(), have_f0 = true;
                T const x = p[i];
                double v[4] = {};
                for (int j = 0, at = 0; j < pts.count; at = pts.offset[j++]) {
                    // from point to point as torchzero moves it (x + h, then − 2h, …), so that each
                    // point rounds as there
                    p[i] = T(p[i] + T((pts.offset[j] - at) * h));
                    v[j] = ctx.value([&] { p[i] = x; });
                }
                p[i] = x;
                g[i] = T(fd_derivative(formula, f0, v, h));
                approx = v[0];
            }
        }
        return detail::reported_loss(ctx, have_f0, f0, false, approx);
    }

    template <class V>
    TZERO_HD V apply(V u, element<V, 0>, no_coeffs) const {
        return u;
    }
};

}  // namespace tzero
