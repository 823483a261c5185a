/// @file tzero/modules/ops/graft.hpp
/// Graft: the direction of one update with the norm of another (Agarwal et al. 2020,
/// "Disentangling adaptive gradient methods from learning rates").
///   d = direction(u), m = magnitude(u)           (each a chain run on the update entering graft)
///   n_d = ‖d‖ₚ, n_m = ‖m‖ₚ                        per tensor, or over all parameters (`global`)
///   n_m ← n_m + (1 − strength)·(n_d − n_m)
///   u ← d · n_m / max(n_d, eps)
/// `direction` and `magnitude` are branches (core/branch.hpp): their state slots are graft's and
/// their math is inlined, so `adam() | graft(sign(), identity()) | lr(0.1)` is two passes, like
/// any chain with one reduce module. Both norms are folded in the same pass (each two sums and a
/// maximum, so `ord` may be any p, ∞ included, or a named statistic such as "std":
/// core/metric.hpp, detail/vector_norm.hpp).
///
/// torchzero has six grafts; each is this module with fixed sources (`identity()` is the update
/// entering the module, `grad()` the raw gradient, `parameters()` the parameters):
///
///   torchzero (modules/ops, modules/misc)   tzero                                  defaults
///   Graft(direction, magnitude)            graft(direction, magnitude)            per tensor, eps 1e-6
///   GraftInputToOutput(magnitude)          graft_input_to_output(magnitude)       per tensor, eps 1e-6
///   GraftOutputToInput(direction)          graft_output_to_input(direction)       per tensor, eps 1e-6
///   GraftToGrad()                          graft_to_grad()                        global, eps 1e-6
///   GraftGradToUpdate()                    graft_grad_to_update()                 global, eps 1e-6
///   GraftToParams()                        graft_to_params()                      global, eps 1e-4
///
/// Each takes the scope last (`graft_to_grad(per_tensor)` is torchzero's tensorwise=True); `ord`,
/// `eps` and `strength` are members (`auto g = graft(adam(), sign()); g.eps = 1e-8;`).
/// kind: reduce (two norms). state: direction's and magnitude's.
#pragma once
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/modules/detail/vector_norm.hpp>
#include <tzero/modules/ops/grad.hpp>
#include <tzero/modules/ops/identity.hpp>
#include <tzero/modules/ops/parameters.hpp>

namespace tzero {

/// The six grafts, by the name `describe` and checkpoints give them.
enum class graft_kind { graft, input_to_output, output_to_input, to_grad, grad_to_update, to_params };

template <graft_kind Kind, class Direction, class Magnitude, class Scope>
struct basic_graft {
    static_assert(detail::is_branch<Direction> && detail::is_branch<Magnitude>,
                  "tzero: graft: direction and magnitude must be modules or chains (write graft(adam(), sign()))");
    Direction direction;
    Magnitude magnitude;
    Scope scope{};        ///< `per_tensor` (torchzero tensorwise=True) or `global`
    metric ord = 2;       ///< the norms' order p, or a statistic ("std")
    double eps = 1e-6;    ///< the direction's norm counts as at least eps
    double strength = 1;  ///< 1: the magnitude's norm; 0: the direction's own

    using kind = reduce;
    using reduce_scope = Scope;
    static constexpr int reduce_terms = 6;  // the metric's two sums of d, of m; max ±|d|, max ±|m|
    static constexpr int reduce_maxima = 2;
    static constexpr int state_slots = state_slots_of<basic_graft>;
    static constexpr char const* name = [] {
        constexpr char const* names[] = {"graft",         "graft_input_to_output", "graft_output_to_input",
                                         "graft_to_grad", "graft_grad_to_update",  "graft_to_params"};
        return names[int(Kind)];
    }();
    static constexpr auto hyperparameters() {
        return std::tuple{field{"direction", &basic_graft::direction},
                          field{"magnitude", &basic_graft::magnitude},
                          field{"scope", &basic_graft::scope},
                          field{"ord", &basic_graft::ord},
                          field{"eps", &basic_graft::eps},
                          field{"strength", &basic_graft::strength}};
    }

    constexpr void validate() const {
        detail::check_metric(ord,
                             "tzero: graft: ord must be a number or a name (2 is the L2 norm, inf the "
                             "largest |u|, \"std\" the standard deviation)");
        detail::check(eps >= 0, "tzero: graft: eps must be >= 0 (write graft(d, m) then g.eps = 1e-6)", eps);
        detail::check(strength - strength == 0, "tzero: graft: strength must be a finite number (1 grafts fully)",
                      strength);
    }

    template <class V, int N>
    TZERO_HD terms<V, 6> reduce_term(V u, element<V, N> e, auto const& k) const {
        V const d = value_of<&basic_graft::direction>(*this, k, u, e);
        V const m = value_of<&basic_graft::magnitude>(*this, k, u, e);
        return detail::metric_terms(ord, d, m);
    }
    /// The factor the direction is multiplied by.
    TZERO_HD double finalize(reduction<6> r) const {
        double const n_d = detail::metric_of(r.sum, 0, r.count, ord);
        double n_m = detail::metric_of(r.sum, 1, r.count, ord);
        if (strength != 1) n_m = math::lerp(n_m, n_d, 1 - strength);
        return n_m / (n_d > eps ? n_d : eps);
    }
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, auto const& k) const {
        V const d = value_of<&basic_graft::direction>(*this, k, u, e);
        (void)value_of<&basic_graft::magnitude>(*this, k, u, e);  // its state steps too
        return d * e.reduced;
    }
};

/// `graft(direction, magnitude)`: torchzero's Graft; per tensor unless `global` is given.
template <class D, class M, class Scope = per_tensor_t>
constexpr auto graft(D const& direction, M const& magnitude, Scope = {}) {
    return basic_graft<graft_kind::graft, operand_t<D>, operand_t<M>, Scope>{direction, magnitude};
}
/// The update, at the norm of `magnitude(update)`: torchzero's GraftInputToOutput.
template <class M, class Scope = per_tensor_t>
constexpr auto graft_input_to_output(M const& magnitude, Scope = {}) {
    return basic_graft<graft_kind::input_to_output, branch<chain<identity>>, operand_t<M>, Scope>{identity{},
                                                                                                  magnitude};
}
/// `direction(update)`, at the update's norm: torchzero's GraftOutputToInput.
template <class D, class Scope = per_tensor_t>
constexpr auto graft_output_to_input(D const& direction, Scope = {}) {
    return basic_graft<graft_kind::output_to_input, operand_t<D>, branch<chain<identity>>, Scope>{direction,
                                                                                                  identity{}};
}
/// The update, at the gradient's norm: torchzero's GraftToGrad (global unless `per_tensor`).
template <class Scope = global_t>
constexpr auto graft_to_grad(Scope = {}) {
    return basic_graft<graft_kind::to_grad, branch<chain<identity>>, branch<chain<grad>>, Scope>{identity{}, grad{}};
}
/// The gradient, at the update's norm: torchzero's GraftGradToUpdate (global unless `per_tensor`).
template <class Scope = global_t>
constexpr auto graft_grad_to_update(Scope = {}) {
    return basic_graft<graft_kind::grad_to_update, branch<chain<grad>>, branch<chain<identity>>, Scope>{grad{},
                                                                                                        identity{}};
}
/// The update, at the parameters' norm: torchzero's GraftToParams (global unless `per_tensor`;
/// eps 1e-4, as torchzero: an update whose norm is below it is scaled by at most ‖p‖/1e-4).
template <class Scope = global_t>
constexpr auto graft_to_params(Scope = {}) {
    auto g = basic_graft<graft_kind::to_params, branch<chain<identity>>, branch<chain<parameters>>, Scope>{
        identity{}, parameters{}};
    g.eps = 1e-4;
    return g;
}

}  // namespace tzero
