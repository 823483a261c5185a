/// @file tzero/modules/grad_approximation/randomized_fdm.hpp
/// Randomized finite differences: for each of n_samples random directions Δₖ (variance 1 per
/// element), the derivative along the perturbation h·Δₖ by `formula`, and
///   g = (1/n)·Σₖ h·Δₖ·dₖ,   dₖ = formula(f(p + j·h·Δₖ), …) / h²
/// (central: dₖ = (f(p + h·Δₖ) − f(p − h·Δₖ)) / 2h²). f(p) is evaluated once per estimate
/// (formulas that read it); a central formula reports the loss from one more call at p (or the
/// first perturbed value with return_approx_loss). The directions are never stored: each pass
/// draws them again from (seed, step, sample) with tzero's counter-based generator, so every
/// estimate of a step uses the same ones (pre_generate) or, without it, new ones per estimate.
/// Each perturbation is one fused pass from p0, the parameters go back to p0 exactly after each
/// sample, and one pass writes g from all the samples' directions at once.
/// Matches torchzero `tz.m.RandomizedFDM(h=1e-3, n_samples=1, formula='central',
/// distribution='rademacher', pre_generate=True)` (modules/grad_approximation/rfdm.py); spsa,
/// rdsa, gaussian_smoothing and mezo are it with other defaults (their headers). The draws are
/// tzero's, not torch's: parity is by statistics (tests/modules/grad_approximation).
/// Distributions: normal, uniform (variance 1: U(−√3, √3)), rademacher; torchzero's 'sphere' is
/// not offered here.
/// kind: gradient approximator (first in its chain; step with `step(closure)`). state: none.
#pragma once
#include <cmath>
#include <cstdint>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/gradient_estimate.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

namespace detail {
struct randomized_fdm_defaults {
    static constexpr char const* name = "randomized_fdm";
    static constexpr double h = 1e-3;
    static constexpr long n_samples = 1;
    static constexpr fd_formula formula = fd_formula::central;
    static constexpr sample_distribution distribution = sample_distribution::rademacher;
};
}  // namespace detail

/// A randomized finite-difference gradient with the defaults of `D` (above); `D::normalize` (the
/// forward gradient) steps along the unit direction.
template <class D>
struct basic_randomized_fdm {
    double h = D::h;                                     ///< the perturbation's scale, > 0
    long n_samples = D::n_samples;                       ///< random directions per estimate, ≥ 1
    fd_formula formula = D::formula;                     ///< which points and weights
    sample_distribution distribution = D::distribution;  ///< of each direction's elements
    bool pre_generate = true;                            ///< the same directions for every estimate of a step
    bool return_approx_loss = false;  ///< a central formula reports f(p + h·Δ) instead of a call at p
    std::uint64_t seed = 0;           ///< with the step and the sample, keys every draw

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr bool approximates_gradient = true;
    static constexpr char const* name = D::name;
    static constexpr auto hyperparameters() {
        using self = basic_randomized_fdm;
        return std::tuple{field{"h", &self::h},
                          field{"n_samples", &self::n_samples},
                          field{"formula", &self::formula},
                          field{"distribution", &self::distribution},
                          field{"pre_generate", &self::pre_generate},
                          field{"return_approx_loss", &self::return_approx_loss},
                          field{"seed", &self::seed}};
    }

    /// Steps along Δₖ/‖Δₖ‖, the derivative times ‖Δₖ‖ (forward_gradient.hpp)?
    static constexpr bool normalize = requires { requires D::normalize; };

    constexpr void validate() const {
        detail::check(h > 0 && h - h == 0, detail::named_message<D, ": h must be a finite number > 0">.data(), h);
        detail::check(n_samples >= 1, detail::named_message<D, ": n_samples must be >= 1">.data(), double(n_samples));
        if (normalize)
            detail::check(
                formula == fd_formula::forward || formula == fd_formula::central,
                detail::named_message<D, ": formula must be forward or central (torchzero's jvp_method)">.data(),
                double(formula));
    }

    /// The estimate, sample by sample; returns the loss to report.
    template <class C>
    double estimate(C& ctx) const {
        fd_points const pts = points_of(formula);
        random_directions const dirs = ctx.directions(seed, distribution, pre_generate);
        auto const c = ctx.coefficients(std::size_t(n_samples));
        double f0 = 0, approx = std::nan("");
        bool have_f0 = false;
        for (long k = 0; k < n_samples; ++k) {
            // normalized: the step h·Δₖ/‖Δₖ‖ and dₖ = ‖Δₖ‖·formula(…)/h (a zero direction: dₖ = 0
            // with no evaluation, as torchzero's jvp); else the step h·Δₖ and h·formula(…)/h²
            double const norm = normalize ? ctx.norm(dirs, int(k)) : 1.0;
            if (norm == 0) {
                c[std::size_t(k)] = 0;
                continue;
            }
            if (pts.uses_f0 && !have_f0) f0 = ctx.value(), have_f0 = true;
            double v[4] = {};
            for (int j = 0; j < pts.count; ++j) {
                ctx.perturb(dirs, int(k), pts.offset[j] * h / norm);
                v[j] = ctx.value();
            }
            ctx.restore();
            double const d =
                normalize ? fd_derivative(formula, f0, v, h) * norm : h * fd_derivative(formula, f0, v, h * h);
            c[std::size_t(k)] = d / double(n_samples);
            approx = pts.uses_f0 ? f0 : v[0];
        }
        ctx.combine(dirs, c);
        return detail::reported_loss(ctx, have_f0, f0, return_approx_loss, approx);
    }

    template <class V>
    TZERO_HD V apply(V u, element<V, 0>, no_coeffs) const {
        return u;
    }
};

/// torchzero's `RandomizedFDM`; spsa.hpp, rdsa.hpp, gaussian_smoothing.hpp and mezo.hpp are it
/// with other defaults.
using randomized_fdm = basic_randomized_fdm<detail::randomized_fdm_defaults>;

}  // namespace tzero
