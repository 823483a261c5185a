/// @file tzero/modules/misc/perturb_weights.hpp
/// PerturbWeights: the closure evaluated at randomly perturbed weights.
///   a_t = alpha·metric(w_t) (`relative`; else alpha), per tensor t, at the step's start
///   δ = a_t·z, z ~ N(0, 1)  |  a_t·U(−1, 1)  |  a_t·z/‖z‖_t (`sphere`), drawn at (seed, step,
///       tensor, element)
///   loss, ∇ ← f(w + δ), ∇f(w + δ)
/// One perturbation a step: every evaluation of the step (a line search's trials too) adds the
/// same δ, as torchzero's made once in `update`. The metric (and ‖z‖ for `sphere`) is one pass
/// at the step's first evaluation, per tensor; each evaluation is one fused pass w ← w + δ (w
/// kept), the closure, and w put back exactly. `step(closure)` returns f(w + δ), the first call's
/// value. Matches torchzero `tz.m.PerturbWeights(alpha=0.1, relative=True, distribution='normal',
/// metric='mad')` (modules/misc/regularization.py), which draws from torch's generator, moves w
/// back by subtracting δ (w up to an ulp), and can exempt a parameter group (`perturb`), which
/// tzero's single chain has not.
/// kind: gradient approximator (first in its chain; step with `step(closure)`). state: none.
#pragma once
#include <array>
#include <cmath>
#include <cstdint>
#include <span>
#include <tuple>
#include <vector>

#include <tzero/core/error.hpp>
#include <tzero/core/gradient_estimate.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/metric.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/random.hpp>
#include <tzero/modules/detail/vector_norm.hpp>

namespace tzero {

/// The distribution of PerturbWeights' δ (torchzero's `distribution`).
enum class weight_perturbation { normal, uniform, sphere };
constexpr std::array<char const*, 3> enumerators(weight_perturbation) { return {"normal", "uniform", "sphere"}; }

struct perturb_weights {
    double alpha = 0.1;    ///< the perturbation's scale
    bool relative = true;  ///< alpha times each tensor's `metric`
    weight_perturbation distribution = weight_perturbation::normal;
    tzero::metric metric = "mad";  ///< the statistic of a tensor's weights (core/metric.hpp)
    std::uint64_t seed = 0;        ///< the perturbations' seed (mixed with the step)

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr bool approximates_gradient = true;
    static constexpr bool reshapes_loss = true;  // a line search's loss-only trials call `loss`
    static constexpr char const* name = "perturb_weights";
    static constexpr auto hyperparameters() {
        using self = perturb_weights;
        return std::tuple{field{"alpha", &self::alpha}, field{"relative", &self::relative},
                          field{"distribution", &self::distribution}, field{"metric", &self::metric},
                          field{"seed", &self::seed}};
    }

    constexpr void validate() const {
        detail::check(alpha - alpha == 0, "tzero: perturb_weights: alpha must be finite", alpha);
        detail::check_metric(metric,
                             "tzero: perturb_weights: metric must be a norm order or one of \"mad\", \"std\", \"var\", "
                             "\"sum\"");
    }

    /// The loss and gradient at w + δ.
    template <class C>
    double estimate(C& ctx) const {
        return detail::evaluate_moved(ctx, true, [&] { perturb(ctx); });
    }
    /// The loss alone at w + δ (a line search's loss-only trial).
    template <class C>
    double loss(C& ctx) const {
        return detail::evaluate_moved(ctx, false, [&] { perturb(ctx); });
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0>, no_coeffs) const {
        return u;
    }

  private:
    /// w ← w + δ; the step's first evaluation sets each tensor's scale a_t (kept in the context's
    /// coefficients for the step's later ones, whose w is a trial point).
    template <class C>
    void perturb(C& ctx) const {
        std::uint64_t const key = random::step_key(seed, ctx.step());
        std::span<double> const scale = ctx.coefficients(ctx.tensors());
        if (ctx.estimate_index() == 0) scales(ctx, key, scale);
        ctx.move_to([key, a = scale.data(), d = distribution]<class V>(V w, position at) {
            using T = math::scalar_t<V>;
            V const z = d == weight_perturbation::uniform ? V(V(T(2)) * random::uniform<V>(key, at) - V(T(1)))
                                                          : random::normal<V>(key, at);
            return V(w + V(T(a[at.tensor])) * z);
        });
    }
    /// a_t: alpha, times the metric of w_t, divided by ‖z‖_t for `sphere`: both sums in one pass
    /// (the metric's two, ‖z‖², then its maximum), none without either.
    template <class C>
    void scales(C& ctx, std::uint64_t key, std::span<double> scale) const {
        std::size_t const n = ctx.tensors();
        for (std::size_t t = 0; t < n; ++t) scale[t] = alpha;
        bool const sphere = distribution == weight_perturbation::sphere;
        if (!relative && !sphere) return;
        std::vector<double> sums(4 * n);
        ctx.template tensor_terms<4, 1>(
            [m = metric, key, sphere]<class V>(V w, position at) {
                auto const t = detail::metric_terms(m, w);
                V const z = sphere ? random::normal<V>(key, at) : V(0);
                return terms<V, 4>{{t[0], t[1], V(z * z), t[2]}};
            },
            sums);
        for (std::size_t t = 0; t < n; ++t) {
            double const* const s = sums.data() + 4 * t;
            double const three[3] = {s[0], s[1], s[3]};
            if (relative) scale[t] *= detail::metric_of(three, 0, double(ctx.size(t)), metric);
            if (sphere) scale[t] /= std::sqrt(s[2]);
        }
    }
};

}  // namespace tzero
