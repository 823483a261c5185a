/// @file tzero/core/gradient_estimate.hpp
/// Gradient approximators: modules that make the gradient from loss-only closure calls
/// (torchzero's `GradApproximator` with `target='closure'`, modules/grad_approximation/).
///
/// An approximator is an elementwise identity that declares `approximates_gradient` and a host
/// `double estimate(C& ctx) const`. It must come first in its chain, and the chain is stepped
/// with `step(closure)`: wherever the optimizer would ask the closure for a gradient (the step's
/// first evaluation, a line search's gradient trials), it calls `estimate` instead, which moves
/// the parameters through `ctx`, calls the closure for values, writes the estimate with `ctx`
/// and returns the loss to report (torchzero's: f at the unperturbed point when its formula
/// evaluates it, else one more call there). Every module after it reads the estimate as its
/// gradient.
///
/// `estimate_context<T, Ops>` is what `estimate` sees: the parameters element by element (FDM),
/// random directions moved along and combined by fused passes (the randomized formulas), and the
/// closure. It puts the parameters back exactly after each perturbation, and when the closure
/// throws it restores them and names the evaluation.
#pragma once
#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>

#include <tzero/core/closure.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/random.hpp>
#include <tzero/modules/detail/random_sample.hpp>

namespace tzero {

/// A finite-difference formula (torchzero's `_FD_Formula`; its aliases forward2, backward2,
/// central2 and central3 are forward, backward, central).
enum class fd_formula { forward, backward, central, forward3, backward3, central4, forward4, forward5 };
constexpr std::array<char const*, 8> enumerators(fd_formula) {
    return {"forward", "backward", "central", "forward3", "backward3", "central4", "forward4", "forward5"};
}

/// The points of a formula, in torchzero's order of evaluation (multiples of the step), and
/// whether it reads f at the unperturbed point.
struct fd_points {
    int count;
    std::array<int, 4> offset;
    bool uses_f0;
};
constexpr fd_points points_of(fd_formula f) {
    switch (f) {
        case fd_formula::forward:
            return {1, {1, 0, 0, 0}, true};
        case fd_formula::backward:
            return {1, {-1, 0, 0, 0}, true};
        case fd_formula::central:
            return {2, {1, -1, 0, 0}, false};
        case fd_formula::forward3:
            return {2, {1, 2, 0, 0}, true};
        case fd_formula::backward3:
            return {2, {-1, -2, 0, 0}, true};
        case fd_formula::central4:
            return {4, {1, 2, -1, -2}, false};
        case fd_formula::forward4:
            return {3, {1, 2, 3, 0}, true};
        case fd_formula::forward5:
            return {4, {1, 2, 3, 4}, true};
    }
    return {0, {}, false};
}
/// The derivative from the values `v` at the points (in order) and `f0`, with step `h`, summed
/// as torchzero writes each formula (fdm.py, rfdm.py).
constexpr double fd_derivative(fd_formula f, double f0, double const* v, double h) {
    switch (f) {
        case fd_formula::forward:
            return (v[0] - f0) / h;
        case fd_formula::backward:
            return (f0 - v[0]) / h;
        case fd_formula::central:
            return (v[0] - v[1]) / (2 * h);
        case fd_formula::forward3:
            return (-3 * f0 + 4 * v[0] - v[1]) / (2 * h);
        case fd_formula::backward3:
            return (v[1] - 4 * v[0] + 3 * f0) / (2 * h);
        case fd_formula::central4:
            return (v[3] - 8 * v[2] + 8 * v[0] - v[1]) / (12 * h);
        case fd_formula::forward4:
            return (2 * v[2] - 9 * v[1] + 18 * v[0] - 11 * f0) / (6 * h);
        case fd_formula::forward5:
            return (-3 * v[3] + 16 * v[2] - 36 * v[1] + 48 * v[0] - 25 * f0) / (12 * h);
    }
    return 0;
}

/// A family of random directions Δ₀, Δ₁, … (one per sample, each a draw of `distribution` with
/// variance 1 per element, core/random.hpp): what `perturb` and `combine` regenerate, so a
/// direction is never stored.
struct random_directions {
    std::uint64_t key;
    sample_distribution distribution;
    /// The key of sample k's draws.
    std::uint64_t sample_key(int k) const { return random::step_key(key, long(k)); }
};

/// The optimizer's side (`Ops`): `tensors()`, `size(t)`, `param(t)`, `gradient(t)` (the estimate's
/// buffer), `value()` (the closure, loss only), `value_and_gradient()` (the closure writing its
/// gradient into the estimate's buffer), `direction_norm(directions, k)` (‖Δ_k‖), and the fused
/// passes `keep()` (p0 ← p), `perturb(directions, k, multiple)` (p ← p0 + multiple·Δ_k),
/// `move_by(f)` (p ← p0 + f(g, p0)), `move_to(f)` (p ← f(p0, position)),
/// `tensor_terms<K, M>(f, out)` (per tensor, f(p, position)'s K terms folded: sums, then M maxima),
/// `restore()` (p ← p0), `combine(directions, coefficients)` (gradient ← Σ_k c_k·Δ_k),
/// `transform(f)` (gradient ← f(gradient)) and `sum(f)` (Σ f(g, p) in double), and
/// `coefficients(n)`.
template <class T, class Ops>
class estimate_context {
  public:
    estimate_context(char const* name, long step, long estimate, Ops& ops)
        : name_(name), step_(step), estimate_(estimate), ops_(ops) {}

    /// The step being taken (from 1), and how many estimates this step made before this one.
    long step() const { return step_; }
    long estimate_index() const { return estimate_; }
    /// Closure calls this estimate made so far, and the value the first one returned (torchzero's
    /// `step(closure)` returns it: with a central formula, f at a perturbed point).
    int evaluations() const { return evaluations_; }
    double first_value() const { return first_; }

    std::size_t tensors() const { return ops_.tensors(); }
    std::size_t size(std::size_t t) const { return ops_.size(t); }
    /// Parameter tensor t (FDM moves one element at a time and puts it back itself).
    T* param(std::size_t t) { return ops_.param(t); }
    /// Where the estimate of tensor t goes.
    T* gradient(std::size_t t) { return ops_.gradient(t); }

    /// The loss at the parameters' current values (the closure, without a gradient). When it
    /// throws, the parameters go back to where the estimate found them (`on_throw`, and the
    /// random passes' p0) and a `tzero::error` names this evaluation, nested over the closure's.
    template <class Undo>
    double value(Undo&& on_throw) {
        return call(false, on_throw);
    }
    double value() {
        return call(false, [] {});
    }
    /// The loss and, into the estimate's buffer, the closure's gradient at the parameters'
    /// current values (SAM's two gradients); a throw as `value`'s.
    double value_and_gradient() {
        return call(true, [] {});
    }

    /// The directions of this estimate: one family per step for every estimate in it when
    /// `same_each_estimate` (torchzero's pre_generate), else a new family per estimate.
    random_directions directions(std::uint64_t seed, sample_distribution d, bool same_each_estimate) const {
        std::uint64_t key = random::step_key(seed, step_);
        if (!same_each_estimate) key = random::step_key(key ^ 0x5bd1e995U, estimate_);
        return {key, d};
    }
    /// Every parameter to p0 + multiple·Δ_k, p0 where the estimate found them (one fused pass).
    void perturb(random_directions const& d, int k, double multiple) {
        if (!kept_) ops_.keep(), kept_ = true;
        ops_.perturb(d, k, multiple);
        perturbed_ = true;
    }
    /// ‖Δ_k‖ over every element (√n for Rademacher directions, else one reduction pass).
    double norm(random_directions const& d, int k) { return ops_.direction_norm(d, k); }
    /// Every parameter back to p0 exactly.
    void restore() {
        if (perturbed_) ops_.restore(), perturbed_ = false;
    }
    /// n doubles for the samples' coefficients (the optimizer's, reused from step to step).
    std::span<double> coefficients(std::size_t n) { return ops_.coefficients(n); }
    /// The estimate ← Σ_k c[k]·Δ_k, one pass drawing every sample's direction again.
    void combine(random_directions const& d, std::span<double const> c) { ops_.combine(d, c); }
    /// The estimate's buffer mapped element by element, g ← f(g) (one fused pass; `f` is
    /// `[]<class V>(V g) -> V`): a closure's gradient turned into the estimate (a homotopy's
    /// chain rule).
    template <class F>
    void transform(F const& f) {
        ops_.transform(f);
    }
    /// Every parameter to p0 + f(g, p0), g the estimate's buffer, p0 where the estimate found them
    /// (one fused pass; `f` is `[]<class V>(V g, V p) -> V`, as in a module's `apply`).
    template <class F>
    void move_by(F const& f) {
        if (!kept_) ops_.keep(), kept_ = true;
        ops_.move_by(f);
        perturbed_ = true;
    }
    /// Every parameter to f(p0, at), p0 where the estimate found them, `at` the element's position
    /// (a batch's first lane's; one fused pass; `f` is `[]<class V>(V p0, position at) -> V`, so a
    /// module draws from core/random.hpp there, the same numbers in every evaluation).
    template <class F>
    void move_to(F const& f) {
        if (!kept_) ops_.keep(), kept_ = true;
        ops_.move_to(f);
        perturbed_ = true;
    }
    /// Per tensor t, the K terms `f(p, at)` returns (`terms<V, K>`) folded over its elements into
    /// out[t·K + j]: the first K − M summed, the last M maximized; in double, in an order
    /// independent of the thread count (one pass; a tensor's metric, modules/detail/vector_norm.hpp).
    template <int K, int M, class F>
    void tensor_terms(F const& f, std::span<double> out) {
        ops_.template tensor_terms<K, M>(f, out);
    }
    /// Σ f(g, p) over every element, in double, in an order independent of the thread count.
    template <class F>
    double sum(F const& f) {
        return ops_.sum(f);
    }

  private:
    template <class Undo>
    double call(bool gradient, Undo&& on_throw) {
        ++evaluations_;
        try {
            double const f =
                detail::nesting([&] { return double(gradient ? ops_.value_and_gradient() : ops_.value()); },
                                [&] {
                                    return std::string("tzero: ") + name_ + ": the closure threw at evaluation " +
                                           std::to_string(evaluations_) + " of the step " + std::to_string(step_) +
                                           "'s gradient estimate (parameters and state are as before the step)";
                                });
            if (evaluations_ == 1) first_ = f;
            return f;
        } catch (...) {
            on_throw();
            if (perturbed_) ops_.restore(), perturbed_ = false;
            throw;
        }
    }

    char const* name_;
    long step_, estimate_;
    Ops& ops_;
    int evaluations_ = 0;
    double first_ = std::numeric_limits<double>::quiet_NaN();
    bool kept_ = false, perturbed_ = false;
};

namespace detail {
/// One evaluation at a moved point: `move()` (a pass of the context's), the closure (with a
/// gradient into the estimate's buffer, or the loss alone), and the parameters put back
/// exactly: the estimate and the loss of sam (after its gradient at w), weight_dropout and
/// perturb_weights.
template <class C, class Move>
double evaluate_moved(C& ctx, bool gradient, Move const& move) {
    move();
    double const f = gradient ? ctx.value_and_gradient() : ctx.value();
    ctx.restore();
    return f;
}

/// The loss an estimate reports, as torchzero's approximate closure returns it: f0 when the
/// formula evaluated it, else the approximate loss when asked (`return_approx_loss`), else one
/// more closure call at the unperturbed point.
template <class C>
double reported_loss(C& ctx, bool have_f0, double f0, bool return_approx_loss, double approx) {
    if (have_f0) return f0;
    if (return_approx_loss && approx == approx) return approx;
    return ctx.value();
}
}  // namespace detail

}  // namespace tzero
