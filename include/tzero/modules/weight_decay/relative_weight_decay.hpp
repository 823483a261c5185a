/// @file tzero/modules/weight_decay/relative_weight_decay.hpp
/// RelativeWeightDecay: weight decay scaled by a statistic of the update, the gradient or the
/// parameters, taken over ALL parameters.
///   x = u (norm_input update), the raw gradient g (grad), or p (params)
///   m = metric(x): mad = mean |x|, sum = Σx, var = (Σx² − (Σx)²/n)/(n − 1), std = √var, or a
///       number p: ‖x‖ₚ (core/metric.hpp; "l1" to "l4" and "linf" are the numbers 1 to 4 and ∞)
///   u ← u + wd·m·f(p)          f(p) = p (ord 2), sign(p) (ord 1), copysign(|p|^(ord−1), p)
///   cautious: u ← u + wd·m·f(p)·[u·p > 0]
/// Matches torchzero `tz.m.RelativeWeightDecay(weight_decay=0.1, ord=2, norm_input='update',
/// metric='mad', cautious=False)` (modules/weight_decay/weight_decay.py). One pass sums the
/// metric's two terms and folds max |x| (±∞-norms); torch's var and std are two-pass, tzero's
/// come from the two sums (the same to rounding unless the mean dwarfs the spread). torchzero's
/// global_vector_norm raises ZeroDivisionError on 'l0' and 0; tzero counts the nonzeros, as
/// torch.linalg.vector_norm. For ord ≥ 3 tzero keeps the sign
/// that torchzero's `ord - 1 % 2` drops (docs/modules.md). `norm_input` is a runtime choice, so
/// the module always declares that it reads the gradient.
/// kind: reduce (global, two sums and a maximum). state: none. reads: the parameter and the raw gradient.
#pragma once
#include <array>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/modules/detail/vector_norm.hpp>
#include <tzero/modules/weight_decay/weight_decay.hpp>

namespace tzero {

/// What relative_weight_decay's statistic is taken of.
enum class relative_norm_input { update, grad, params };
constexpr std::array<char const*, 3> enumerators(relative_norm_input) { return {"update", "grad", "params"}; }

struct relative_weight_decay {
    double weight_decay = 0.1;  ///< relative weight decay scale
    int ord = 2;                ///< order of the penalty: 1 (L1), 2 (L2), or higher
    relative_norm_input norm_input = relative_norm_input::update;
    tzero::metric metric = "mad";  ///< the statistic: "mad", "std", "var", "sum", or a norm order
    bool cautious = false;         ///< decay only where the update already agrees in sign with p

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr int reduce_terms = 3;  // the metric's two sums, max ±|x| (detail/vector_norm.hpp)
    static constexpr int reduce_maxima = 1;
    static constexpr int state_slots = 0;
    static constexpr bool uses_param = true;
    static constexpr bool uses_grad = true;
    static constexpr char const* name = "relative_weight_decay";
    static constexpr auto hyperparameters() {
        return std::tuple{
            field{"weight_decay", &relative_weight_decay::weight_decay}, field{"ord", &relative_weight_decay::ord},
            field{"norm_input", &relative_weight_decay::norm_input}, field{"metric", &relative_weight_decay::metric},
            field{"cautious", &relative_weight_decay::cautious}};
    }

    constexpr void validate() const {
        detail::check(weight_decay - weight_decay == 0,
                      "tzero: relative_weight_decay: weight_decay must be a finite number (write "
                      "relative_weight_decay{.weight_decay = 0.1})",
                      weight_decay);
        detail::check(ord >= 1, "tzero: relative_weight_decay: ord must be >= 1", ord);
        detail::check(int(norm_input) >= 0 && int(norm_input) <= 2,
                      "tzero: relative_weight_decay: norm_input must be a relative_norm_input (update, grad or params)",
                      double(int(norm_input)));
        detail::check_metric(metric,
                             "tzero: relative_weight_decay: metric must be a number or a name (\"mad\", "
                             "\"std\", \"var\", \"sum\", \"l1\" to \"l4\", \"linf\")");
    }

    template <class V>
    TZERO_HD terms<V, 3> reduce_term(V u, element<V, 0> e, no_coeffs) const {
        V const x = norm_input == relative_norm_input::update ? u : norm_input == relative_norm_input::grad ? e.g : e.p;
        return detail::metric_terms(metric, x);
    }
    /// wd · metric.
    TZERO_HD double finalize(reduction<3> r) const {
        return weight_decay * detail::metric_of(r.sum, 0, r.count, metric);
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0> e, no_coeffs) const {
        V const decay = detail::decay_term(e.p, ord) * e.reduced;
        if (cautious) return u + decay * math::mask<V>(u * e.p > V(0));
        return u + decay;
    }
};

}  // namespace tzero
