/// @file tzero/modules/detail/diagonal_quasi_newton.hpp
/// What every diagonal quasi-Newton method shares (torchzero's `HessianUpdateStrategy`,
/// modules/quasi_newton/quasi_newton.py, with a diagonal H or B and `concat_params=True`); the
/// modules differ only in the update of the diagonal, a small policy each (`diagonal_bfgs.hpp`,
/// `diagonal_sr1.hpp`, ...). With u the update entering the module, p the parameters, p′ and u′
/// those of the last update, s = p − p′, y = u − u′, and M the diagonal (H ≈ ∇²f⁻¹ when
/// `inverse`, else B ≈ ∇²f), over all tensors:
///   update steps (the 1st, then every update_freq-th), counted by k = 1, 2, …:
///     k = 1:                        M ← m₀, p′ ← p, u′ ← u
///     otherwise p′ ← p, u′ ← u, and the first that applies of
///       k ≡ 0 (mod restart_interval): M ← m₀ (re-scaled when init_scale is auto)
///       max|s| ≤ ptol:              M ← m₀ if ptol_restart, else M stays
///       max|y| ≤ gtol:              M stays
///       else:                       M ← c·M on the first step with yᵀy, sᵀy > 2·tiny when
///                                   init_scale is auto (c = yᵀy / sᵀy for B, its inverse for H),
///                                   then M ← M + (1 − beta)·Δ, Δ the policy's (none: it skips)
///   every step:  d = M·g (inverse) or g / trunc(M), g the inner chain's output (u without one),
///                trunc(M) = M inside (lb, ub) and 1 outside; d·initial_step_size(g) while k = 1
///                when scale_first.
/// m₀ = 1/init_scale (H) or init_scale (B), 1 when auto. Every sum is taken with M before the
/// scaling c: sums linear in M scale exactly, and a policy whose sums are not (SR1's z = s − H·y)
/// also sums the expanded terms and uses them on the step that scales.
#pragma once
#include <cmath>
#include <concepts>
#include <limits>
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/modules/detail/finfo.hpp>
#include <tzero/modules/detail/hessian_update_options.hpp>

namespace tzero {

/// What a diagonal update's policy reads on the host: sᵀy, its own sums (taken with the unscaled
/// M), the scale c applied before the update this step, 2·tiny of the parameters' type (torchzero's
/// `safe_clip` floor), the module's tol and form.
struct diagonal_sums {
    double sy;
    double const* own;
    double c;
    double guard;
    double tol;
    bool inverse;

    /// torchzero's `safe_clip(x)`: x, or ±2·tiny when |x| is below it.
    TZERO_HD double clip(double x) const { return math::abs(x) < guard ? (x < 0 ? -guard : guard) : x; }
};

/// A diagonal update: `name`, whether the inverse form H is the default (`inverse`) and which
/// forms exist (`has_inverse`, `has_direct`), the default truncation bounds (`lb`, `ub`), the
/// counts of its sums and coefficients, and three functions:
///   `sums(s, y, m, inverse)`      its per-element terms, m the unscaled diagonal
///   `coefficients(sums, k)`       its scalars from the totals; false skips the update
///   `delta(s, y, m, k, inverse)`  Δ of one element, m the scaled diagonal, k[i] the scalars
template <class P>
concept diagonal_policy = requires(diagonal_sums const& s, double* k) {
    { P::name } -> std::convertible_to<char const*>;
    { P::inverse } -> std::convertible_to<bool>;
    { P::has_inverse } -> std::convertible_to<bool>;
    { P::has_direct } -> std::convertible_to<bool>;
    { P::lb } -> std::convertible_to<double>;
    { P::ub } -> std::convertible_to<double>;
    { P::sum_count } -> std::convertible_to<int>;
    { P::coefficient_count } -> std::convertible_to<int>;
    { P::coefficients(s, k) } -> std::same_as<bool>;
};

/// The forms and bounds most diagonal updates share (bases of their policies).
struct inverse_form_only {
    static constexpr bool inverse = true, has_inverse = true, has_direct = false;
};
struct direct_form_only {
    static constexpr bool inverse = false, has_inverse = false, has_direct = true;
};
struct unbounded_diagonal {
    static constexpr double lb = -std::numeric_limits<double>::infinity();
    static constexpr double ub = std::numeric_limits<double>::infinity();
};

namespace detail {
// the order of a diagonal method's terms: sᵀy, yᵀy, Σ|g|, the element size, the policy's sums,
// then the maxima max|s|, max|y|, max|g|
inline constexpr int dqn_common_sums = 4;
inline constexpr int dqn_maxima = 3;
// outputs: what happens to M (below), its value or scale, 1 − beta, whether p′ and u′ move, the
// output's scale, then the policy's coefficients
enum dqn_action : int { dqn_keep = 0, dqn_set = 1, dqn_scale = 2, dqn_update = 3 };
inline constexpr int dqn_common_outputs = 5;
}  // namespace detail

/// A diagonal quasi-Newton method with the update of `Policy`, and its inner chain (`with_inner`).
template <diagonal_policy Policy, inner_operand Inner = no_inner>
struct basic_diagonal_quasi_newton {
    double init_scale = -1;          ///< M₀ = I·init_scale (B) or I/init_scale (H); −1: auto (yᵀy/sᵀy)
    double tol = 1e-32;              ///< the policy's tolerance (a curvature condition)
    double ptol = 1e-32;             ///< skip the update when max|s| ≤ ptol (negative: never)
    bool ptol_restart = false;       ///< ... and reset M
    double gtol = 1e-32;             ///< skip the update when max|y| ≤ gtol (negative: never)
    long restart_interval = 0;       ///< reset M every this many updates; 0: never, −1: n + 1 (auto)
    double beta = 0;                 ///< M ← beta·M + (1 − beta)·M_new (0: no averaging)
    long update_freq = 1;            ///< update M every this many steps
    bool scale_first = false;        ///< scale the first update's step (torchzero's initial_step_size)
    bool inverse = Policy::inverse;  ///< keep H (multiply) rather than B (divide)
    double lb = Policy::lb;          ///< B (or H) is used as 1 outside (lb, ub)
    double ub = Policy::ub;
    Inner inner{};  ///< run on the update first; d is M applied to its output

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr bool uses_param = true;
    static constexpr int own_slots = 3;  // M, p′, u′
    static constexpr int state_slots = state_slots_of<basic_diagonal_quasi_newton>;
    static constexpr int reduce_terms = detail::dqn_common_sums + Policy::sum_count + detail::dqn_maxima;
    static constexpr int reduce_maxima = detail::dqn_maxima;
    static constexpr int reduce_outputs = detail::dqn_common_outputs + Policy::coefficient_count;
    static constexpr int reduce_slots = 3;  // steps, updates k, whether the auto scale was applied
    static constexpr char const* name = Policy::name;
    static constexpr auto hyperparameters() {
        using self = basic_diagonal_quasi_newton;
        return std::tuple_cat(detail::hessian_update_fields<self>(),
                              std::tuple{field{"lb", &self::lb}, field{"ub", &self::ub}, field{"inner", &self::inner}});
    }

    /// This method with `c` run on the update first (torchzero's `inner`).
    template <module_or_chain C>
    constexpr auto with_inner(C const& c) const {
        return basic_diagonal_quasi_newton<Policy, inner_t<C>>{
            init_scale,  tol,     ptol, ptol_restart, gtol, restart_interval, beta, update_freq,
            scale_first, inverse, lb,   ub,           c};
    }

    constexpr void validate() const {
        detail::check_hessian_update_options<Policy>(init_scale, restart_interval, update_freq, beta, inverse);
        detail::check(lb < ub, detail::named_message<Policy, ": lb must be below ub">.data(), lb);
    }

    template <class V, int N>
    TZERO_HD terms<V, reduce_terms> reduce_term(V u, element<V, N, reduce_outputs> e, auto const& k) const {
        V const g = value_of<&basic_diagonal_quasi_newton::inner>(*this, k, u, e);
        V const s = e.p - e.state[1], y = u - e.state[2];
        terms<V, reduce_terms> t;
        t[0] = s * y, t[1] = y * y, t[2] = math::abs(g), t[3] = detail::element_size_term<V>();
        auto const own = Policy::sums(s, y, e.state[0], inverse);
        for (int i = 0; i < Policy::sum_count; ++i) t[detail::dqn_common_sums + i] = own[i];
        int const m = detail::dqn_common_sums + Policy::sum_count;
        t[m] = math::abs(s), t[m + 1] = math::abs(y), t[m + 2] = math::abs(g);
        return t;
    }

    /// What happens to M this step and the policy's coefficients (above), on the host.
    TZERO_HD terms<double, reduce_outputs> finalize(reduction<reduce_terms, reduce_slots> r) const {
        double* const st = r.state;
        double const* const sum = r.sum;
        int const m = detail::dqn_common_sums + Policy::sum_count;
        auto const f = detail::finfo_from(sum[3], r.count);
        double const guard = 2 * f.tiny;
        terms<double, reduce_outputs> out{};
        out[0] = detail::dqn_keep, out[1] = 1, out[2] = 1 - beta, out[3] = 0, out[4] = 1;

        long const steps = long(st[0]);
        st[0] = double(steps + 1);
        if (steps % update_freq == 0) {
            long const k = long(st[1]) + 1;
            st[1] = double(k);
            out[3] = 1;
            // torchzero's auto_initial_scale: yᵀy / sᵀy, or none
            bool const scalable = sum[0] > guard && sum[1] > guard;
            auto const as_m = [&](double scale) { return inverse ? 1 / scale : scale; };
            auto const reset = [&] {
                out[0] = detail::dqn_set;
                if (init_scale == -1) {
                    st[2] = scalable;
                    out[1] = scalable ? as_m(sum[1] / sum[0]) : 1;
                } else out[1] = as_m(init_scale);
            };
            long const interval = restart_interval < 0 ? long(r.count) + 1 : restart_interval;
            if (k == 1) {
                out[0] = detail::dqn_set, out[1] = init_scale == -1 ? 1 : as_m(init_scale);
                st[2] = 0;
            } else if (interval > 0 && k % interval == 0) reset();
            else if (ptol >= 0 && sum[m] <= ptol) {
                if (ptol_restart) reset();
            } else if (gtol >= 0 && sum[m + 1] <= gtol) {
            } else {
                double c = 1;
                if (st[2] == 0 && init_scale == -1 && scalable) {
                    st[2] = 1;
                    c = as_m(sum[1] / sum[0]);
                }
                diagonal_sums const s{sum[0], sum + detail::dqn_common_sums, c, guard, tol, inverse};
                double k_out[Policy::coefficient_count > 0 ? Policy::coefficient_count : 1] = {};
                bool const update = Policy::coefficients(s, k_out);
                out[0] = update ? detail::dqn_update : detail::dqn_scale;
                out[1] = c;
                for (int i = 0; i < Policy::coefficient_count; ++i) out[detail::dqn_common_outputs + i] = k_out[i];
            }
        }
        if (scale_first && st[1] == 1) out[4] = detail::initial_step_size(sum[2], sum[m + 2], f);
        return out;
    }

    /// M, p′ and u′ written in place; d from the new M.
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N, reduce_outputs> e, auto const& k) const {
        V const g = value_of<&basic_diagonal_quasi_newton::inner>(*this, k, u, e);
        V const s = e.p - e.state[1], y = u - e.state[2];
        V const action = e.reduced[0], value = e.reduced[1];
        V const scaled = value * e.state[0];
        V const delta = Policy::delta(s, y, scaled, &e.reduced[detail::dqn_common_outputs], inverse);
        V mm = math::select(action == V(detail::dqn_set), value, e.state[0]);
        mm = math::select(action == V(detail::dqn_scale), scaled, mm);
        mm = math::select(action == V(detail::dqn_update), scaled + e.reduced[2] * delta, mm);
        e.state[0] = mm;
        auto const move = e.reduced[3] != V(0);
        e.state[1] = math::select(move, e.p, e.state[1]);
        e.state[2] = math::select(move, u, e.state[2]);
        // torchzero truncates B only where it offers bounds (DNRTR, NewDQN): infinite bounds leave
        // an infinite or NaN diagonal as it is
        V used = mm;
        if (lb > -std::numeric_limits<double>::infinity() || ub < std::numeric_limits<double>::infinity())
            used = math::select(mm > V(lb) && mm < V(ub), mm, V(1));
        return e.reduced[4] * (inverse ? g * used : g / used);
    }
};

}  // namespace tzero
