/// @file tzero/modules/adaptive/sam.hpp
/// Sharpness-aware minimization (Foret et al. 2020): the gradient of max over ‖ε‖_p ≤ ρ of
/// f(w + ε), to first order at
///   ε = ρ·sign(g)·|g|^(q−1) / max((Σ|g|^q)^(1/p), eps),   1/p + 1/q = 1,   g = ∇f(w)
/// (ASAM, Kwon et al. 2021: |g| in the sum times |w|, and ε times w², a neighbourhood scaled by
/// the weights). Each evaluation is two closure calls: the gradient at w, then the loss and
/// gradient at w + ε, which are what the chain reads; the parameters go back to w exactly. A
/// closure stage later in the chain (a line search) evaluates the same objective: its
/// loss-only trials cost a gradient at the trial and a loss at the trial + ε. Σ is one
/// reduction pass, w ← w + ε one fused pass from w (which it keeps), and w is put back from it.
/// Matches torchzero `tz.m.SAM(rho=0.05, p=2, eps=1e-10, asam=False)` (modules/adaptive/sam.py);
/// `tz.m.ASAM` is asam.hpp. `step(closure)` returns the first call's loss, f(w), as torchzero's.
/// kind: gradient approximator (first in its chain; step with `step(closure)`). state: none.
#pragma once
#include <cmath>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/gradient_estimate.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

namespace detail {
struct sam_defaults {
    static constexpr char const* name = "sam";
    static constexpr double rho = 0.05;
    static constexpr bool asam = false;
};
}  // namespace detail

/// Sharpness-aware minimization with the defaults of `D` (above; asam.hpp's differ).
template <class D>
struct basic_sam {
    double rho = D::rho;  ///< the neighbourhood's radius, ≥ 0
    double p = 2;         ///< the neighbourhood's norm, finite and > 1
    double eps = 1e-10;   ///< the smallest denominator
    bool asam = D::asam;  ///< the neighbourhood scaled by the weights (ASAM)

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr bool approximates_gradient = true;
    static constexpr bool reshapes_loss = true;  // a line search's loss-only trials call `loss`
    static constexpr char const* name = D::name;
    static constexpr auto hyperparameters() {
        using self = basic_sam;
        return std::tuple{field{"rho", &self::rho}, field{"p", &self::p}, field{"eps", &self::eps},
                          field{"asam", &self::asam}};
    }

    constexpr void validate() const {
        detail::check(rho >= 0 && rho - rho == 0, detail::named_message<D, ": rho must be a finite number >= 0">.data(),
                      rho);
        detail::check(p > 1 && p - p == 0, detail::named_message<D, ": p must be a finite number > 1">.data(), p);
        detail::check(eps >= 0, detail::named_message<D, ": eps must be >= 0">.data(), eps);
    }

    /// The loss and gradient of the SAM objective at the parameters.
    template <class C>
    double estimate(C& ctx) const {
        ctx.value_and_gradient();
        return detail::evaluate_moved(ctx, true, [&] { ascend(ctx); });
    }
    /// Its loss alone (a line search's loss-only trial): the gradient at w is still needed for ε.
    template <class C>
    double loss(C& ctx) const {
        ctx.value_and_gradient();
        return detail::evaluate_moved(ctx, false, [&] { ascend(ctx); });
    }

    template <class V>
    TZERO_HD V apply(V u, element<V, 0>, no_coeffs) const {
        return u;
    }

  private:
    /// w ← w + ε from the gradient the context holds.
    template <class C>
    void ascend(C& ctx) const {
        double const q = p / (p - 1);
        bool const weighted = asam;
        double const sum = ctx.sum([q, weighted]<class V>(V g, V w) {
            V const a = math::abs(g);
            return math::power(weighted ? V(a * math::abs(w)) : a, q);
        });
        double const norm = std::pow(sum, 1 / p);
        double const denom = norm < eps ? eps : norm;  // NaN stays NaN, as torch's clip
        ctx.move_by([q, weighted, r = rho, denom]<class V>(V g, V w) {
            using T = math::scalar_t<V>;  // in torchzero's order: (sign(g)·ρ)·|g|^(q−1) / denom
            V const e = math::sign(g) * V(T(r)) * math::power(math::abs(g), q - 1) / V(T(denom));
            return weighted ? V(e * (w * w)) : e;
        });
    }
};

/// torchzero's `SAM`; asam.hpp is it with ASAM's defaults.
using sam = basic_sam<detail::sam_defaults>;

}  // namespace tzero
