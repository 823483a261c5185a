/// @file tzero/modules/detail/conjugate_gradient.hpp
/// What every nonlinear conjugate-gradient direction shares (torchzero's `ConguateGradientBase`,
/// modules/conjugate_gradient/cg.py); the modules differ only in β, a small policy each
/// (`polak_ribiere.hpp`, `fletcher_reeves.hpp`, ...). With g the update entering the module
/// (after `inner`), g′ and d′ the previous step's g and direction, y = g − g′, over all tensors:
///   first step after a (re)start:  d ← g,  g′ ← u,  d′ ← u   (u: the update before `inner`)
///   otherwise:                      β ← policy(sums),  β ← max(β, 0) if clip_beta,
///                                   d ← g + β·d′,  g′ ← g,  d′ ← d
///   u ← d
///   restart after the step with k + 1 ≡ 0 (mod restart_interval), k the steps since the last
///   (re)start (the first is k = 0); restart_interval −1 is torchzero's "auto", n + 1 for n
///   elements, and 0 is its None (never).
/// d is the direction in the update's sign: `lr` or a step-size module after it scales it, and
/// the optimizer subtracts it. torchzero writes g′ on the first step after a (re)start only (a
/// bug: ../docs/modules.md); tzero keeps it current, which Fletcher–Reeves (the one torchzero
/// class that does not read g′) shows is the intent. With an inner chain the first g′ and d′ are
/// the update before it, as torchzero's (it stores them in `update`, before `inner` runs).
#pragma once
#include <concepts>
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/modules/detail/finfo.hpp>

namespace tzero {

/// The global sums a conjugate-gradient β reads (g, g′, d′, y as above), and 2·tiny of the
/// parameters' element type, torchzero's guard on every denominator.
struct cg_sums {
    double gg, gy, gpgp, dy, gpd, yy, dg;
    double guard;
};

namespace detail {
/// The order of a conjugate gradient's reduce terms: the seven sums of `cg_sums`, then the
/// element size (modules/detail/finfo.hpp).
inline constexpr int cg_terms = 8;
}  // namespace detail

/// A β policy: `name`, the default of `clip_beta`, `restart_error` (validate's message) and
/// `static double beta(cg_sums)`.
template <class B>
concept cg_beta = requires(cg_sums s) {
    { B::name } -> std::convertible_to<char const*>;
    { B::restart_error } -> std::convertible_to<char const*>;
    { B::clip_beta } -> std::convertible_to<bool>;
    { B::beta(s) } -> std::same_as<double>;
};

/// A nonlinear conjugate-gradient direction with the β of `Beta`, and its inner chain
/// (`with_inner`).
template <cg_beta Beta, inner_operand Inner = no_inner>
struct basic_conjugate_gradient {
    long restart_interval = -1;        ///< restart every this many steps; −1: n + 1 ("auto"), 0: never
    bool clip_beta = Beta::clip_beta;  ///< β ← max(β, 0)
    Inner inner{};                     ///< run on the update first; its output is g (`with_inner`)

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr int own_slots = 2;  // g′, d′
    static constexpr int state_slots = state_slots_of<basic_conjugate_gradient>;
    static constexpr int reduce_terms = detail::cg_terms;
    static constexpr int reduce_outputs = 2;  // β, and 1 on the first step after a (re)start
    static constexpr int reduce_slots = 1;    // k, the steps since the last (re)start
    static constexpr char const* name = Beta::name;
    static constexpr auto hyperparameters() {
        return std::tuple{field{"restart_interval", &basic_conjugate_gradient::restart_interval},
                          field{"clip_beta", &basic_conjugate_gradient::clip_beta},
                          field{"inner", &basic_conjugate_gradient::inner}};
    }

    /// This direction with `c` run on the update first (torchzero's `inner`).
    template <module_or_chain C>
    constexpr auto with_inner(C const& c) const {
        return basic_conjugate_gradient<Beta, inner_t<C>>{restart_interval, clip_beta, c};
    }

    constexpr void validate() const {
        detail::check(restart_interval >= -1, Beta::restart_error, double(restart_interval));
    }

    template <class V, int N>
    TZERO_HD terms<V, reduce_terms> reduce_term(V u, element<V, N, 2> e, auto const& k) const {
        V const g = value_of<&basic_conjugate_gradient::inner>(*this, k, u, e);
        V const gp = e.state[0], d = e.state[1], y = g - gp;
        return {{g * g, g * y, gp * gp, d * y, gp * d, y * y, d * g, detail::element_size_term<V>()}};
    }
    /// β and whether this is the first step after a (re)start; steps k and restarts.
    TZERO_HD terms<double, 2> finalize(reduction<reduce_terms, 1> r) const {
        double& k = r.state[0];
        if (k == 0) {
            k = 1;
            return {{0, 1}};  // no g′ yet: d = g, and no restart on this step (torchzero returns early)
        }
        double const* s = r.sum;
        cg_sums const sums{s[0], s[1], s[2], s[3], s[4], s[5], s[6], 2 * detail::finfo_from(s[7], r.count).tiny};
        double beta = Beta::beta(sums);
        if (clip_beta) beta = beta > 0 ? beta : 0;  // Python's max(0, β): NaN gives 0
        long const steps = long(k) + 1;
        long const interval = restart_interval < 0 ? long(r.count) + 1 : restart_interval;
        k = interval > 0 && steps % interval == 0 ? 0 : double(steps);
        return {{beta, 0}};
    }
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N, 2> e, auto const& k) const {
        V const g = value_of<&basic_conjugate_gradient::inner>(*this, k, u, e);
        auto const first = e.reduced[1] != V(0);
        V const d = math::select(first, g, g + e.reduced[0] * e.state[1]);
        e.state[0] = math::select(first, u, g);  // torchzero stores the first g′ and d′ before `inner`
        e.state[1] = math::select(first, u, d);
        return d;
    }
};

}  // namespace tzero
