/// @file tzero/modules/detail/dense_quasi_newton.hpp
/// What every dense quasi-Newton method shares (torchzero's `HessianUpdateStrategy`,
/// modules/quasi_newton/quasi_newton.py, with `concat_params=True`): an n×n matrix M over every
/// parameter, H ≈ ∇²f⁻¹ when `inverse`, else B ≈ ∇²f; the methods differ only in M's update, a
/// small policy each (`bfgs.hpp`, `sr1.hpp`, ...). A dense stage (core/dense.hpp): the host runs
/// it on the whole update u entering it, with p the parameters, p′ and u′ those of the last
/// update, s = p − p′ and y = u − u′:
///   update steps (the 1st, then every update_freq-th), counted by k = 1, 2, …:
///     k = 1 (or the first after a failed solve): M ← m₀·I, p′ ← p, u′ ← u, f′ ← f
///     otherwise p′ ← p, u′ ← u, and the first that applies of
///       k ≡ 0 (mod restart_interval): M ← reset (m₀·I, or the auto scale from this s, y)
///       max|s| ≤ ptol:              M ← reset if ptol_restart, else M stays
///       max|y| ≤ gtol:              M stays
///       else:                       M ← c·M on the first update with yᵀy, sᵀy > 2·tiny when
///                                   init_scale is auto (c = yᵀy/sᵀy for B, its inverse for H),
///                                   then M ← M + (1 − beta)·(update(M) − M), f′ ← f
///   every step:  d = H·u, or B⁻¹·u (LU with partial pivoting; a singular B clears the state
///                and gives u·initial_step_size(u)); u·initial_step_size(u) first while k = 1
///                when scale_first.
/// m₀ = 1/init_scale (H) or init_scale (B), 1 when auto; torchzero's `safe_clip(x)` floors |x|
/// at 2·tiny of the parameters' type. The host computes in double (torchzero in the parameters'
/// dtype) with OpenBLAS's dgemv and dger (backends/cpu/blas.hpp): each update is one to three
/// matrix-vector products and one to four rank-one updates, O(n²); the passes before and after
/// the stage stay fused, and `describe_plan` states the matrix work.
/// State: M (and the policies' second matrix R) then p′, u′, as doubles (optimizer::dense_state,
/// checkpointed); 6 persistent scalars: k, the steps, whether M exists, whether the auto scale
/// was applied, f′, whether R exists. torchzero's `inner` and `concat_params=False` are not
/// offered yet.
#pragma once
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>
#include <tzero/modules/detail/finfo.hpp>
#include <tzero/modules/detail/hessian_update_options.hpp>

namespace tzero {

/// The defaults most dense updates share (a policy's bases, like the diagonal family's).
struct dense_update_defaults {
    static constexpr double init_scale = -1;     // auto
    static constexpr long restart_interval = 0;  // never
    static constexpr bool second_matrix = false, uses_loss = false;
    static constexpr bool uses_alpha = false, uses_switch = false, uses_type = false;
};
struct dense_inverse_only : dense_update_defaults {
    static constexpr bool inverse = true, has_inverse = true, has_direct = false;
};
struct dense_both_forms : dense_update_defaults {
    static constexpr bool inverse = true, has_inverse = true, has_direct = true;
};

namespace detail {

/// What a policy's `update(q, inverse)` reads and writes: M (and R) in place, row-major n×n.
template <class C, class Module>
struct dense_update_args {
    C const& ctx;
    Module const& self;  ///< the module: its tol and its policy's option
    std::size_t n;
    double* m;                ///< M
    double* r;                ///< the second matrix R (policies with `second_matrix`), else null
    double const *s, *y, *g;  ///< s, y and the update u entering the module
    double *t1, *t2, *t3;     ///< three temporaries of n
    double f, f_prev;         ///< the step's loss and that of the last completed update
    bool* r_exists;           ///< whether R holds a matrix (a policy sets it on its first update)

    double clip(double x) const {  // torchzero's safe_clip
        double const guard = 2 * ctx.tiny;
        return std::abs(x) < guard ? std::copysign(guard, x) : x;
    }
    static double dot_n(std::size_t n, double const* a, double const* b) {
        double sum = 0;
        for (std::size_t i = 0; i < n; ++i) sum += a[i] * b[i];
        return sum;
    }
    double dot(double const* a, double const* b) const { return dot_n(n, a, b); }
    void mv(double const* x, double* out) const { ctx.gemv(false, m, x, out); }              // M·x
    void mtv(double const* x, double* out) const { ctx.gemv(true, m, x, out); }              // Mᵀ·x
    void rank1(double alpha, double const* x, double const* z, double* a = nullptr) const {  // A += α·x·zᵀ
        ctx.ger(alpha, x, z, a ? a : m);
    }
    /// out = a − b
    void difference(double const* a, double const* b, double* out) const {
        for (std::size_t i = 0; i < n; ++i) out[i] = a[i] - b[i];
    }
    /// M ← M − (My − s)·cᵀ/clip(cᵀy), Huang's class (Broyden's good method, Greenstadt's,
    /// Thomas's differ in c); `hy` (not c) ends as My − s, and holds My already when `hy_ready`.
    void huang(double const* c, double* hy, bool hy_ready = false) const {
        double const cy = clip(dot(c, y));
        if (!hy_ready) mv(y, hy);
        difference(hy, s, hy);
        rank1(-1 / cy, hy, c);
    }
    /// M ← M − (My sᵀ + s (Mᵀy)ᵀ)/sᵀy + (a + yᵀMy/sᵀy)·s sᵀ/sᵀy (Fletcher's a = 1, Moghrabi et
    /// al.'s a = 1/π), into t1 = My, t2 = Mᵀy.
    void symmetric_rank_two(double a, double sy) const {
        mv(y, t1);
        mtv(y, t2);
        double const c = a + dot(y, t1) / sy;
        rank1(-1 / sy, t1, s);
        rank1(-1 / sy, s, t2);
        rank1(c / sy, s, s);
    }
    void identity(double* a) const {
        for (std::size_t i = 0; i < n * n; ++i) a[i] = 0;
        for (std::size_t i = 0; i < n; ++i) a[i * n + i] = 1;
    }
};

template <class P>
concept dense_policy = requires {
    { P::name } -> std::convertible_to<char const*>;
    { P::inverse } -> std::convertible_to<bool>;
    { P::has_inverse } -> std::convertible_to<bool>;
    { P::has_direct } -> std::convertible_to<bool>;
    { P::init_scale } -> std::convertible_to<double>;
    { P::restart_interval } -> std::convertible_to<long>;
};

// the persistent scalars
enum dense_scalar : int { dqn_updates, dqn_steps, dqn_exists, dqn_scaled, dqn_f_prev, dqn_r_exists, dqn_scalars };
}  // namespace detail

/// How SSVM picks its (φ, θ) (torchzero's `switch`): a fixed pair, or Oren and Spedicato's rules 1–4.
enum class ssvm_switch { fixed = 0, rule1 = 1, rule2 = 2, rule3 = 3, rule4 = 4 };
constexpr std::array<char const*, 5> enumerators(ssvm_switch) { return {"fixed", "1", "2", "3", "4"}; }

/// A dense quasi-Newton method with the update of `Policy`.
template <detail::dense_policy Policy>
struct basic_dense_quasi_newton {
    double init_scale = Policy::init_scale;            ///< M₀ = I·init_scale (B) or I/init_scale (H); −1: auto
    double tol = 1e-32;                                ///< the policy's tolerance (a curvature condition)
    double ptol = 1e-32;                               ///< skip the update when max|s| ≤ ptol (negative: never)
    bool ptol_restart = false;                         ///< ... and reset M
    double gtol = 1e-32;                               ///< skip the update when max|y| ≤ gtol (negative: never)
    long restart_interval = Policy::restart_interval;  ///< reset M every this many updates; 0: never, −1: n + 1
    double beta = 0;                                   ///< M ← M + (1 − beta)·(M_new − M) (0: none)
    long update_freq = 1;                              ///< update M every this many steps
    bool scale_first = false;                          ///< scale the first update's step (initial_step_size)
    bool inverse = Policy::inverse;                    ///< keep H (multiply) rather than B (solve)
    double alpha = 0.5;                                ///< ShorR's space dilation (shor_r only)
    ssvm_switch switch_rule = ssvm_switch::rule3;      ///< SSVM's choice of (φ, θ) (ssvm only)
    double phi = 1, theta = 0;                         ///< SSVM's fixed pair (switch_rule = fixed)
    int type = 1;                                      ///< NewSSM's variant, 1 or 2 (new_ssm only)

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr bool dense = true;
    static constexpr bool uses_loss = Policy::uses_loss;
    static constexpr int state_slots = 0;
    static constexpr int reduce_slots = detail::dqn_scalars;
    static constexpr char const* name = Policy::name;
    using policy = Policy;
    static constexpr auto hyperparameters() {
        using self = basic_dense_quasi_newton;
        auto const common = detail::hessian_update_fields<self>();
        if constexpr (Policy::uses_alpha) return std::tuple_cat(common, std::tuple{field{"alpha", &self::alpha}});
        else if constexpr (Policy::uses_switch)
            return std::tuple_cat(common, std::tuple{field{"switch_rule", &self::switch_rule}, field{"phi", &self::phi},
                                                     field{"theta", &self::theta}});
        else if constexpr (Policy::uses_type) return std::tuple_cat(common, std::tuple{field{"type", &self::type}});
        else return common;
    }

    /// M (and R), then p′ and u′.
    static constexpr std::size_t dense_state_size(std::size_t n) {
        return (Policy::second_matrix ? 2 : 1) * n * n + 2 * n;
    }
    /// s, y, three temporaries; M's old value for beta; Bᵀ and the pivots for the direct form.
    std::size_t dense_work_size(std::size_t n) const {
        return 5 * n + (beta > 0 ? n * n : 0) + (inverse ? 0 : n * n + n);
    }

    constexpr void validate() const {
        using detail::named_message;
        detail::check_hessian_update_options<Policy>(init_scale, restart_interval, update_freq, beta, inverse);
        // the options of one method only: a value given to another method would do nothing
        detail::check(Policy::uses_alpha || alpha == 0.5,
                      named_message<Policy, ": alpha is shor_r's option, not this method's">.data(), alpha);
        detail::check(
            Policy::uses_switch || (switch_rule == ssvm_switch::rule3 && phi == 1 && theta == 0),
            named_message<Policy, ": switch_rule, phi and theta are ssvm's options, not this method's">.data(), phi);
        detail::check(Policy::uses_type || type == 1,
                      named_message<Policy, ": type is new_ssm's option, not this method's">.data(), double(type));
        detail::check(!Policy::uses_type || type == 1 || type == 2,
                      named_message<Policy, ": type must be 1 or 2">.data(), double(type));
        detail::check(!Policy::uses_switch || (switch_rule >= ssvm_switch::fixed && switch_rule <= ssvm_switch::rule4),
                      named_message<Policy, ": switch_rule must be fixed or rule1 to rule4">.data(),
                      double(int(switch_rule)));
    }

    /// The step on the host (core/dense.hpp): M's update on its steps, then d from u in place.
    template <class C>
    void transform(C& ctx, double* st) const {
        std::size_t const n = ctx.n;
        long const steps = long(st[detail::dqn_steps]);
        st[detail::dqn_steps] = double(steps + 1);
        if (steps % update_freq == 0) update(ctx, st);
        double* const u = ctx.u;
        double* const out = ctx.work + 2 * n;  // (t1)
        auto const first_scale = [&] {
            double sum = 0, max = 0;
            for (std::size_t i = 0; i < n; ++i) sum += std::abs(u[i]), max = std::max(max, std::abs(u[i]));
            detail::finfo const types{ctx.tiny, 0, ctx.eps};
            double const scale = detail::initial_step_size(sum, max, types);
            for (std::size_t i = 0; i < n; ++i) u[i] *= scale;
        };
        if (scale_first && st[detail::dqn_updates] == 1) first_scale();
        if (n == 0) return;
        double const* const m = ctx.state;
        if (inverse) {
            ctx.gemv(false, m, u, out);
        } else {
            double* const bt = ctx.work + 5 * n + (beta > 0 ? n * n : 0);  // LAPACK's column-major B
            for (std::size_t i = 0; i < n; ++i)
                for (std::size_t j = 0; j < n; ++j) bt[j * n + i] = m[i * n + j];
            for (std::size_t i = 0; i < n; ++i) out[i] = u[i];
            if (!ctx.solve_transposed(bt, out, reinterpret_cast<int*>(bt + n * n))) {
                // torchzero clears the module's state and steps by u·initial_step_size(u)
                for (int i = 0; i < detail::dqn_scalars; ++i) st[i] = 0;
                first_scale();
                return;
            }
        }
        for (std::size_t i = 0; i < n; ++i) u[i] = out[i];
    }

  private:
    template <class C>
    void update(C& ctx, double* st) const {
        std::size_t const n = ctx.n;
        double* const m = ctx.state;
        double* const r = Policy::second_matrix ? m + n * n : nullptr;
        double* const p_prev = m + (Policy::second_matrix ? 2 : 1) * n * n;
        double* const g_prev = p_prev + n;
        double* const s = ctx.work;
        double* const y = s + n;
        long const k = long(st[detail::dqn_updates]) + 1;
        st[detail::dqn_updates] = double(k);
        bool r_exists = st[detail::dqn_r_exists] != 0;
        detail::dense_update_args<C, basic_dense_quasi_newton> q{
            ctx,      *this, n, m, r, s, y, ctx.u, s + 2 * n, s + 3 * n, s + 4 * n, ctx.loss, st[detail::dqn_f_prev],
            &r_exists};
        auto const scale_by = [&](double c) {  // M ← c·M (B) or M/c (H)
            for (std::size_t i = 0; i < n * n; ++i) m[i] = inverse ? m[i] / c : m[i] * c;
        };
        // torchzero's auto_initial_scale: yᵀy / sᵀy, or none
        auto const auto_scale = [&](double& c) {
            double const ys = q.dot(y, s), yy = q.dot(y, y), guard = 2 * ctx.tiny;
            c = yy / ys;
            return ys > guard && yy > guard;
        };
        auto const reset = [&] {
            if constexpr (requires { Policy::reset(q); }) {
                Policy::reset(q);  // (ProjectedNewtonRaphson: M ← R, unscaled)
            } else {
                q.identity(m);
                double c = init_scale;
                bool scaled = init_scale != -1;
                if (init_scale == -1) st[detail::dqn_scaled] = scaled = auto_scale(c);
                if (scaled && c != 1) scale_by(c);
            }
            if constexpr (requires { Policy::clears_r_on_reset; }) r_exists = false;
            st[detail::dqn_r_exists] = r_exists;
        };
        if (st[detail::dqn_exists] == 0) {
            q.identity(m);
            if (init_scale != -1 && init_scale != 1) scale_by(init_scale);
            for (std::size_t i = 0; i < n; ++i) p_prev[i] = ctx.p[i], g_prev[i] = ctx.u[i];
            st[detail::dqn_f_prev] = ctx.loss;
            st[detail::dqn_scaled] = 0;
            st[detail::dqn_exists] = 1;
            return;
        }
        double max_s = 0, max_y = 0;
        for (std::size_t i = 0; i < n; ++i) {
            s[i] = ctx.p[i] - p_prev[i], y[i] = ctx.u[i] - g_prev[i];
            p_prev[i] = ctx.p[i], g_prev[i] = ctx.u[i];
            max_s = std::max(max_s, std::abs(s[i])), max_y = std::max(max_y, std::abs(y[i]));
        }
        long const interval = restart_interval == -1 ? long(n) + 1 : restart_interval;
        if (interval > 0 && k % interval == 0) return reset();
        if (ptol >= 0 && max_s <= ptol) {
            if (ptol_restart) reset();
            return;
        }
        if (gtol >= 0 && max_y <= gtol) return;
        if (st[detail::dqn_scaled] == 0 && init_scale == -1) {
            double c = 1;
            if (auto_scale(c)) st[detail::dqn_scaled] = 1, scale_by(c);
        }
        double* const old = beta > 0 ? s + 5 * n : nullptr;
        if (old)
            for (std::size_t i = 0; i < n * n; ++i) old[i] = m[i];
        Policy::update(q, inverse);
        if (old)  // torch's lerp(old, new, 1 − beta)
            for (std::size_t i = 0; i < n * n; ++i) m[i] = old[i] + (1 - beta) * (m[i] - old[i]);
        st[detail::dqn_r_exists] = r_exists;
        st[detail::dqn_f_prev] = ctx.loss;
    }
};

}  // namespace tzero
