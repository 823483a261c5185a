/// @file tzero/core/closure.hpp
/// The closure protocol: `opt.step(f)`, and what a closure stage (a line search) sees of it.
///
/// A closure is `f(std::span<tensor_view<T> const> grads) -> double`: it returns the loss at the
/// parameters' current values and, when `grads` is not empty, writes the gradient there (one
/// view per parameter, shaped like it, in buffers the optimizer owns). `opt.step(f)` calls it once
/// with the gradient buffers, runs the chain on that gradient and returns that loss, as
/// torchzero's `opt.step(closure)`. A chain with a closure stage (docs/design/closure.md) is cut
/// before it like before a reduce module: the passes before it write the direction d (the update
/// entering the stage, subtracted as every update is) to the scratch buffer and sum gᵀd; then the
/// stage's host `search` tries step sizes t, each a fused trial pass p ← p0 − t·d and a call of
/// the closure (loss only, or with a gradient for −g(t)ᵀd); then the passes after it run on t·d.
/// A stage that ends the chain leaves the parameters at p0 − t·d itself (no last pass).
///
/// A closure that throws leaves parameters, state and counts as before the step: the optimizer
/// keeps p0 and a copy of the state the first passes write, and rethrows a `tzero::error` that
/// names the trial, nested over the closure's exception (`std::throw_with_nested`).
#pragma once
#include <concepts>
#include <cstddef>
#include <exception>
#include <limits>
#include <ranges>
#include <span>
#include <string>
#include <type_traits>

#include <tzero/core/error.hpp>
#include <tzero/core/tensor_view.hpp>

namespace tzero {

/// `f(grads) -> loss`, the closure of `optimizer::step(f)` for parameters of type `T` (not a tensor,
/// an xtensor expression or a range: an xtensor expression's `operator()` takes anything).
template <class F, class T>
concept closure_for = !requires(std::remove_cvref_t<F> const& e) {
    e.shape();
} && !std::ranges::range<std::remove_cvref_t<F>> && std::is_invocable_r_v<double, F&, std::span<tensor_view<T> const>>;

/// Does closure stage `M` evaluate gradients at its trials (`value_and_slope`)? It says so with
/// `static constexpr bool gradient_trials = true`, and the optimizer keeps a buffer for them.
template <class M>
inline constexpr bool gradient_trials_v = [] {
    if constexpr (requires { M::gradient_trials; }) return bool(M::gradient_trials);
    else return false;
}();

/// φ(t) and φ′(t) = −g(p0 − t·d)ᵀd at one trial step size.
struct trial_value {
    double value;
    double slope;
};

namespace detail {
/// Calls `f`, and on an exception throws `tzero::error(message())` nested over it.
template <class F, class M>
decltype(auto) nesting(F&& f, M&& message) {
    try {
        return f();
    } catch (...) {
        std::throw_with_nested(error(message()));
    }
}
}  // namespace detail

/// What a closure stage's `search(s, state)` reads and calls: φ(t) = f(p0 − t·d) along the
/// direction of the passes before it, φ(0) and φ′(0) = −gᵀd known from the step's first
/// evaluation, and the limits of the parameters' type. `Moves` is the backend's: `move_to(t)`
/// (the fused trial pass; t = 0 puts p0 back), `evaluate(bool gradient)` (one call of the
/// closure) and `slope()` (−gᵀd for the gradient it last wrote). As torchzero's
/// `LineSearchBase._loss`: t = 0 costs no evaluation, the parameters do not move when t is
/// already current or not finite, t is clipped to ±max/2, and the lowest value is remembered.
template <class Moves>
class line_search_context {
  public:
    line_search_context(char const* name, double f0, double slope0, double d_norm, double tiny, double max,
                        Moves& moves)
        : name_(name), f0_(f0), slope0_(slope0), d_norm_(d_norm), tiny_(tiny), max_(max), moves_(moves) {}

    double f0() const { return f0_; }
    double slope0() const { return slope0_; }
    /// ‖d‖₂ over every parameter.
    double d_norm() const { return d_norm_; }
    /// The smallest normal and the largest finite value of the parameters' type (torch.finfo).
    double tiny() const { return tiny_; }
    double max() const { return max_; }
    /// Closure evaluations so far in this search.
    int trials() const { return trials_; }
    /// The step size of the lowest value seen (0 before any trial), and that value.
    double best_step() const { return best_t_; }
    double best_value() const { return best_f_; }

    /// φ(t): the parameters moved to p0 − t·d and the closure evaluated for the loss only.
    double value(double t) {
        if (t == 0) return f0_;
        return evaluate(t, false);
    }
    /// φ(t) and φ′(t): the closure evaluated with a gradient, then −g(t)ᵀd in one more pass.
    trial_value value_and_slope(double t) {
        if (t == 0) return {f0_, slope0_};
        double const f = evaluate(t, true);
        return {f, moves_.slope()};
    }
    /// `t` within ±max/2 of the parameters' type (torchzero's `clip_by_finfo`).
    double clipped(double t) const { return t > max_ / 2 ? max_ / 2 : t < -max_ / 2 ? -max_ / 2 : t; }
    /// Are the parameters where the last evaluation with a gradient was made (so the trial's
    /// gradient buffer and `gradient_trial_value()` belong to them)? Asked after `finish`.
    bool at_gradient_trial() const { return current_ == gradient_t_; }
    double gradient_trial_value() const { return gradient_f_; }
    /// Leaves the parameters at p0 − t·d (when `stay`, for a stage that ends the chain) or at p0;
    /// returns t as the passes after the stage read it.
    double finish(double t, bool stay) {
        t = clipped(t);
        move(stay ? t : 0.0);
        return t;
    }

  private:
    void move(double t) {
        if (!(t - t == 0)) return;  // torchzero's set_step_size_ ignores a non-finite step
        t = clipped(t);
        if (t == current_) return;
        moves_.move_to(t);
        current_ = t;
    }
    double evaluate(double t, bool gradient) {
        move(t);
        ++trials_;
        double const f = detail::nesting([&] { return double(moves_.evaluate(gradient)); },
                                         [&] {
                                             return std::string("tzero: ") + name_ + ": the closure threw at trial " +
                                                    std::to_string(trials_) + " (t = " + detail::format_number(t) +
                                                    "; parameters and state are as before the step)";
                                         });
        if (f < best_f_) best_f_ = f, best_t_ = t;
        if (gradient) gradient_t_ = current_, gradient_f_ = f;  // where it was evaluated: move skips a non-finite t
        return f;
    }

    char const* name_;
    double f0_, slope0_, d_norm_, tiny_, max_;
    Moves& moves_;
    double current_ = 0, best_t_ = 0, best_f_ = std::numeric_limits<double>::infinity();
    double gradient_t_ = std::numeric_limits<double>::quiet_NaN(), gradient_f_ = gradient_t_;
    int trials_ = 0;
};

}  // namespace tzero
