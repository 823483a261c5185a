/// @file tzero/modules/grad_approximation/spsa1.hpp
/// One-measurement SPSA (Spall 1997): one closure call per random ±1 direction,
///   g = (1/n)·Σₖ Δₖ·(f(p + h·Δₖ) + eps)
/// whose expectation leans toward the gradient although a single estimate often is not a
/// descent direction (for objectives that change between calls, such as feedback control).
/// The loss is reported from one more call at p. New directions for every estimate unless
/// pre_generate; each perturbation is one fused pass from p0, restored exactly.
/// Matches torchzero `tz.m.SPSA1(h=1e-3, n_samples=1, eps=1e-8, pre_generate=False)`
/// (modules/grad_approximation/spsa1.py); the draws are tzero's (parity by statistics).
/// kind: gradient approximator (first in its chain; step with `step(closure)`). state: none.
#pragma once
#include <cstdint>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/gradient_estimate.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

struct spsa1 {
    double h = 1e-3;            ///< the perturbation's scale, > 0
    long n_samples = 1;         ///< directions per estimate, ≥ 1
    double eps = 1e-8;          ///< the measurement noise estimate added to each value
    bool pre_generate = false;  ///< the same directions for every estimate of a step
    std::uint64_t seed = 0;     ///< with the step and the sample, keys every draw

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr bool approximates_gradient = true;
    static constexpr char const* name = "spsa1";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"h", &spsa1::h}, field{"n_samples", &spsa1::n_samples}, field{"eps", &spsa1::eps},
                          field{"pre_generate", &spsa1::pre_generate}, field{"seed", &spsa1::seed}};
    }

    constexpr void validate() const {
        detail::check(h > 0 && h - h == 0, "tzero: spsa1: h must be a finite number > 0", h);
        detail::check(n_samples >= 1, "tzero: spsa1: n_samples must be >= 1", double(n_samples));
    }

    template <class C>
    double estimate(C& ctx) const {
        random_directions const dirs = ctx.directions(seed, sample_distribution::rademacher, pre_generate);
        auto const c = ctx.coefficients(std::size_t(n_samples));
        for (long k = 0; k < n_samples; ++k) {
            ctx.perturb(dirs, int(k), h);
            double const value = ctx.value();
            ctx.restore();
            c[std::size_t(k)] = h * ((value + eps) / h) / double(n_samples);
        }
        ctx.combine(dirs, c);
        return ctx.value();
    }

    template <class V>
    TZERO_HD V apply(V u, element<V, 0>, no_coeffs) const {
        return u;
    }
};

}  // namespace tzero
