/// @file tzero/optimizer.hpp
/// `optimizer<Chain, T>`: a chain, the state it needs for one parameter list, and `step`.
///
///     auto chain = clip_value(1) | adam() | lr(1e-1) | cautious() | weight_decay(1e-4);
///     tzero::optimizer opt(chain, tzero::params(W1, b1, W2, b2));
///     opt.step(dW1, db1, dW2, db2);             // p ← p − update, all tensors in one pass
///     opt.chain().get<lr>().lr = 0.05;           // hyperparameters are runtime values
///
/// The optimizer owns the state (one zeroed, 64-byte aligned buffer per slot over all tensors),
/// the step count and the chain; it does not own the parameters. `step` checks everything
/// before it changes anything: a bad gradient list or hyperparameter throws `tzero::error` and
/// leaves parameters, state and step count as they were. NaN or ±inf in a gradient follow
/// `optimizer_options::on_nonfinite`: propagate (as torch), zero (in the fused pass), skip or
/// raise (both after one read of the gradients, before anything is written).
#pragma once
#include <algorithm>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <ranges>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <tzero/backends/cpu/aligned_buffer.hpp>
#include <tzero/backends/cpu/executor.hpp>
#include <tzero/backends/cpu/perturb.hpp>
#include <tzero/backends/cpu/trial.hpp>
#include <tzero/core/chain.hpp>
#include <tzero/core/closure.hpp>
#include <tzero/core/curvature.hpp>
#include <tzero/core/element_type_check.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/gradient_estimate.hpp>
#include <tzero/core/layout.hpp>
#include <tzero/core/plan.hpp>
#include <tzero/core/restart.hpp>
#include <tzero/core/slices.hpp>
#include <tzero/core/tensor_view.hpp>
#include <tzero/core/termination.hpp>
#include <tzero/core/workspace.hpp>
#include <tzero/modules/detail/vector_norm.hpp>

namespace tzero {

/// What a step does with NaN or ±inf in a gradient.
enum class nonfinite {
    propagate,  ///< compute with them, as torch does (NaN reaches the parameters)
    zero,       ///< read those elements as 0, in the fused pass itself
    skip,       ///< leave parameters, state and step count untouched; count it in skipped_steps()
    raise,      ///< throw tzero::error naming the gradient, and change nothing
};

/// Options of the CPU optimizer. Results depend only on the chunk size and the policy.
struct optimizer_options {
    std::size_t chunk_size = std::size_t(1) << 14;          ///< elements per unit of work
    std::size_t parallel_threshold = std::size_t(1) << 15;  ///< fewer elements run on one thread
    nonfinite on_nonfinite = nonfinite::propagate;
    /// When a closure stage that ends the chain leaves the parameters at a trial it evaluated with
    /// a gradient (a Wolfe search usually does), the next `step(closure)` starts from that loss
    /// and gradient instead of calling the closure again: one evaluation less per step, as SciPy
    /// counts. torchzero re-evaluates (false). The parameters must not change between the steps.
    bool reuse_accepted_trial = false;
};

/// What an observer (`optimizer::on_step`) receives after each step `step` returns from.
template <class T>
struct step_report {
    long step;     ///< the steps taken so far (`steps()`): the step just taken, when applied
    bool applied;  ///< false when the `skip` policy skipped it (nothing changed)
    double loss;   ///< the loss given to `step`, NaN when none was
    long skipped;  ///< `skipped_steps()`
    /// What the reduce modules computed this step, already in memory (no extra pass): a row per
    /// tensor of `plan::reduced_width` values, module i's at `plan::reduced_offset[i]` (clip_norm's
    /// factor, normalize's, a graft's ratio). Empty for a chain without reduce modules; the values
    /// of the last applied step when this one was skipped.
    std::span<T const> reduced;
};

template <class Chain, class T>
class optimizer {
    static_assert(std::is_same_v<T, float> || std::is_same_v<T, double>,
                  "tzero: optimizer: parameters must be float or double");
    static_assert(detail::is_chain<Chain>, "tzero: optimizer: the first argument must be a module or a chain");

  public:
    using chain_type = Chain;
    using value_type = T;
    using plan = plan_of<Chain>;

    template <module_or_chain C>
    optimizer(C const& c, std::vector<tensor_view<T>> params, optimizer_options options = {})
        : chain_(as_chain(c)), params_(std::move(params)), options_(options) {
        chain_.validate();
        check_in_element_type<T>(chain_, 1);
        check_parameters(params_);
        chain_.bind(shapes_of(params_));
        param_ptrs_ = pointers_of(params_);
        layout_ = layout(sizes_of(params_), options_.chunk_size, cpu::aligned_buffer<T>::alignment / sizeof(T));
        workspace const w = workspace_of<Chain>(layout_);
        state_ = cpu::aligned_buffer<T>(w.state);
        if (w.scratch) scratch_ = cpu::aligned_buffer<T>(w.scratch);
        chunk_sums_.resize(w.unit_sums);
        reduced_.resize(w.reduced);
        reduce_state_.resize(w.reduce_state);
        grad_ptrs_.resize(params_.size());
        if constexpr (plan::has_slices) bind_slices();
        if constexpr (plan::has_closure) {
            bind_closure_buffers();
            origin_ = cpu::aligned_buffer<T>(layout_.padded_total);
            snapshot_ = cpu::aligned_buffer<T>(plan::snapshot_slots * layout_.padded_total);
        }
        if constexpr (plan::curvature_stream) curvature_ = cpu::aligned_buffer<T>(layout_.padded_total);
        if constexpr (plan::has_dense) bind_dense();
    }

    /// One step. The gradients, one per parameter in order and each of its parameter's shape, come
    /// as xtensor containers or contiguous views of them (`opt.step(dW, db)`), as tensor_views, or
    /// as one range of tensor_views (`opt.step(grads)`: a std::vector or std::span, of const views
    /// or not). A chain that reads the loss (div_by_loss, mul_by_loss, ...) takes it last
    /// (`opt.step(dW, db, loss)`, `opt.step(grads, loss)`); other chains ignore a loss. Returns
    /// false when the `skip` policy skipped the step.
    template <class... A>
        requires(sizeof...(A) > 0 && !(sizeof...(A) == 1 && (closure_for<A const, T> && ...)))
    bool step(A const&... args) {
        using last = std::tuple_element_t<sizeof...(A) - 1, std::tuple<A...>>;
        constexpr bool has_loss = std::is_arithmetic_v<last>;
        constexpr std::size_t n = sizeof...(A) - has_loss;
        static_assert(!plan::has_closure,
                      "tzero: this chain has a closure stage (a line search): call step(closure), the closure "
                      "returning the loss and writing the gradient (core/closure.hpp)");
        static_assert(!plan::has_approximator,
                      "tzero: this chain starts with a gradient approximator (fdm, spsa, ...): call "
                      "step(closure), the closure returning the loss (core/gradient_estimate.hpp)");
        static_assert(!plan::has_curvature,
                      "tzero: this chain holds a module that estimates curvature from Hessian-vector products "
                      "(adahessian, sophia_h, esgd, random_hvp): call step(closure), the closure returning the "
                      "loss and writing the gradient (core/curvature.hpp)");
        static_assert(has_loss || !plan::uses_loss,
                      "tzero: this chain reads the loss (div_by_loss, mul_by_loss, "
                      "...): call step(grads, loss)");
        auto const all = std::forward_as_tuple(args...);
        double const loss = [&] {
            if constexpr (has_loss) return double(std::get<n>(all));
            else return __builtin_nan("");
        }();
        using first = std::tuple_element_t<0, std::tuple<A...>>;
        if constexpr (n == 1 && view_range<first>) {
            using view = std::ranges::range_value_t<first>;
            static_assert(std::is_same_v<std::remove_const_t<std::remove_pointer_t<decltype(view::data)>>, T>,
                          "tzero: step(): the gradients' element type is not the parameters' (a dtype mismatch: "
                          "give gradients of the parameters' type)");
            return step_views(
                std::span<view const>(std::ranges::data(std::get<0>(all)), std::ranges::size(std::get<0>(all))), loss);
        } else {
            return [&]<std::size_t... I>(std::index_sequence<I...>) {
                tensor_view<T const> const views[] = {detail::gradient_view<T>(std::get<I>(all))...};
                return step_views(std::span<tensor_view<T const> const>(views), loss);
            }(std::make_index_sequence<n>{});
        }
    }
    /// The same with the gradients as a span of views: `opt.step({})` steps no parameters.
    bool step(std::span<tensor_view<T const> const> grads) { return step<decltype(grads)>(grads); }
    bool step(std::span<tensor_view<T const> const> grads, double loss) {
        return step<decltype(grads), double>(grads, loss);
    }

    /// One step with a closure `f(std::span<tensor_view<T> const> grads) -> double` (core/closure.hpp):
    /// `f` returns the loss at the parameters' current values and, when `grads` is not empty, writes
    /// the gradient there (one view per parameter, shaped like it, into buffers the optimizer
    /// owns). `step(f)` calls it with the gradient buffers, then steps the chain on that gradient
    /// and loss; a closure stage (a line search) calls it again, for the loss only or with a
    /// gradient, as its search needs. Returns the first evaluation's loss, as torchzero's
    /// `step(closure)`. If `f` throws, the step throws a `tzero::error` naming the evaluation,
    /// nested over `f`'s exception, and parameters, state and counts are as before it.
    template <class F>
        requires closure_for<std::remove_cvref_t<F>, T>
    double step(F&& f) {
        chain_.validate();  // before any closure call (an estimate's options included)
        bind_closure_buffers();
        bool const reused = std::exchange(reusable_, false);  // after a throw the next step evaluates
        long calls = 0;
        estimates_ = 0;
        double first = 0;  // the first call's value, which step returns (torchzero's)
        double const loss = reused ? (first = reusable_loss_) : first_evaluation(f, calls, first);
        if constexpr (plan::has_curvature) calls += estimate_curvature(f);
        std::span<tensor_view<T const> const> const grads(closure_const_views_);
        step_calls_ = calls;  // a stage adds its own; the termination criteria read them
        try {
            if constexpr (plan::has_closure) step_with_stage(f, loss, grads);
            else step_views(grads, loss);
        } catch (...) {
            step_calls_ = 0;
            throw;
        }
        evaluations_ += std::exchange(step_calls_, 0);
        return first;
    }
    /// Closure evaluations of every `step(closure)` that returned (torchzero's `num_evaluations`).
    long evaluations() const { return evaluations_; }

    /// Did a termination criterion of the chain (core/termination.hpp: terminate_by_gradient_norm,
    /// terminate_after_n_steps, ...) hit after the last step? False after a skipped step, and in a
    /// chain without one. `tzero::minimize` stops on it.
    bool should_terminate() const { return should_terminate_; }

    /// Calls `observer(step_report<T> const&)` after every step that returns (applied or
    /// skipped; not after one that throws), for progress and logging; `on_step(nullptr)` removes it.
    /// Without one, a step pays one branch.
    template <class F>
        requires std::is_invocable_v<F&, step_report<T> const&> || std::is_null_pointer_v<F>
    void on_step(F observer) {
        if constexpr (std::is_null_pointer_v<F>) observer_ = nullptr;
        else observer_ = std::move(observer);
    }

  private:
    template <class G, class Stage = cpu::no_stage>
    bool step_views(std::span<tensor_view<G> const> grads, double loss, Stage&& stage = {}) {
        bool const applied = step_unobserved(grads, loss, stage);
        if constexpr (plan::has_termination || plan::has_restart) should_terminate_ = applied && ask_criteria(loss);
        if (observer_) observer_(step_report<T>{step_count_, applied, loss, skipped_steps_, reduced_});
        return applied;
    }

    /// The closure stage's module (an empty struct without one).
    using stage_module = closure_module_t<Chain>;

    /// The loss and gradient at the parameters: the closure's, or the approximator's estimate.
    template <class F>
    double first_evaluation(F& f, long& calls, double& first) {
        if constexpr (plan::has_approximator) {
            return estimate(f, closure_views_, calls, &first);
        } else {
            calls = 1;
            return first = detail::nesting([&] { return double(f(std::span<tensor_view<T> const>(closure_views_))); },
                                           [] {
                                               return std::string(
                                                   "tzero: step(closure): the closure threw at the step's "
                                                   "first evaluation (nothing was changed)");
                                           });
        }
    }

    /// The parameters moved from and back to p0 along random directions: what a gradient estimate
    /// and a curvature estimate share.
    struct origin_moves {
        optimizer& o;
        std::size_t tensors() const { return o.params_.size(); }
        std::size_t size(std::size_t t) const { return o.layout_.sizes[t]; }
        void keep() {
            if (o.estimate_origin_.size() != o.layout_.padded_total)
                o.estimate_origin_ = cpu::aligned_buffer<T>(o.layout_.padded_total);
            cpu::copy_origin(o.layout_, o.param_ptrs_.data(), o.estimate_origin_.data(), true, o.parallel());
        }
        void restore() {
            cpu::copy_origin(o.layout_, o.param_ptrs_.data(), o.estimate_origin_.data(), false, o.parallel());
        }
        void perturb(random_directions const& d, int k, double multiple) {
            cpu::perturb(o.layout_, o.param_ptrs_.data(), o.estimate_origin_.data(), d, k, multiple, o.parallel());
        }
        /// ‖Δ_k‖ over every element: √n for Rademacher directions, else one reduction pass.
        double direction_norm(random_directions const& d, int k) {
            if (d.distribution == sample_distribution::rademacher) return std::sqrt(double(o.layout_.total));
            return std::sqrt(cpu::direction_norm_sq<T>(o.layout_, d, k, o.parallel()));
        }
    };

    /// The optimizer's side of a curvature estimate (core/curvature.hpp's `Ops`): the closure's
    /// gradients at the perturbed points into two buffers of their own, D into `curvature_`.
    template <class F>
    struct curvature_ops : origin_moves {
        F& f;
        using origin_moves::o;
        std::span<std::size_t const> shape(std::size_t t) const { return o.params_[t].shape; }
        T* curvature(std::size_t t) { return o.curvature_.data() + o.layout_.offsets[t]; }
        double gradient(int which) {
            auto& views = o.curvature_views_[which];
            o.bind_views(views, o.curvature_grads_[which]);
            return double(f(std::span<tensor_view<T> const>(views)));
        }
        T const* slot_data(int slot) const { return o.state_.data() + std::size_t(slot) * o.layout_.padded_total; }
        double slot_direction_norm(int slot) {
            T const* const s = slot_data(slot);
            return o.global_metric(metric(2), o.param_ptrs_.data(), [&]<class V>(V p, position at) {
                return V(p - math::load<V>(s + o.layout_.offsets[at.tensor] + at.index));
            });
        }
        void perturb_along_slot(int slot, double multiple) {  // p ← p0 + multiple·(p0 − slot)
            T const* const s = slot_data(slot);
            cpu::move_to(
                o.layout_, o.param_ptrs_.data(), o.estimate_origin_.data(),
                [&]<class V>(V p0, position at) {
                    return V(p0 + V(T(multiple)) * (p0 - math::load<V>(s + o.layout_.offsets[at.tensor] + at.index)));
                },
                o.parallel());
        }
        std::size_t elements() const { return o.layout_.total; }
        /// (tensor, index) of element j of every tensor in order
        std::pair<std::size_t, std::size_t> locate(std::size_t j) const {
            std::size_t t = 0;
            while (j >= o.layout_.sizes[t]) j -= o.layout_.sizes[t++];
            return {t, j};
        }
        void move_element(std::size_t j, double delta) {
            auto const [t, i] = locate(j);
            T const p0 = o.estimate_origin_.data()[o.layout_.offsets[t] + i];
            o.param_ptrs_[t][i] = delta == 0 ? p0 : T(p0 + T(delta));
        }
        void hessian_column(std::size_t j, bool central, double divisor, double* out) const {
            T const* const plus = o.curvature_grads_[0].data();
            T const* const minus = central ? o.curvature_grads_[1].data() : o.closure_grads_.data();
            std::size_t const n = o.layout_.total;
            each_element([&](std::size_t, std::size_t, std::size_t at, std::size_t e) {
                out[e * n + j] = double(T(plus[at] - minus[at])) / divisor;
            });
        }
        /// f(t, i, at, e) for element e of every tensor in order: element i of tensor t, at `at` in the state layout
        template <class Fn>
        void each_element(Fn const& f) const {
            for (std::size_t t = 0, e = 0; t < o.params_.size(); e += o.layout_.sizes[t++])
                for (std::size_t i = 0; i < o.layout_.sizes[t]; ++i) f(t, i, o.layout_.offsets[t] + i, e + i);
        }
        void move_along(double const* v, double multiple) {
            T const* const p0 = o.estimate_origin_.data();
            each_element([&](std::size_t t, std::size_t i, std::size_t at, std::size_t e) {
                o.param_ptrs_[t][i] = T(p0[at] + T(T(multiple) * T(v[e])));
            });
        }
        void gradient_difference(bool central, double scale, double* out) const {
            T const* const plus = o.curvature_grads_[0].data();
            T const* const minus = central ? o.curvature_grads_[1].data() : o.closure_grads_.data();
            each_element([&](std::size_t, std::size_t, std::size_t at, std::size_t e) {
                out[e] = double(T(plus[at] - minus[at])) * scale;
            });
        }
        void gradient_values(double* out) const {
            T const* const g = o.closure_grads_.data();
            each_element([&](std::size_t, std::size_t, std::size_t at, std::size_t e) { out[e] = double(g[at]); });
        }
        void sg2_accumulate(random_directions const& d, int k, double h, double* out) {
            std::uint64_t const key = d.sample_key(k);
            std::size_t const n = o.layout_.total;
            std::vector<double>& z = o.sg2_scratch_;  // 1/(2·c_k,i), then (g₊ − g₋)_j
            z.resize(2 * n);
            each_element([&](std::size_t t, std::size_t i, std::size_t, std::size_t e) {
                z[e] = 0.5 / (h * cpu::detail::direction<double>(d, key, position{i, std::uint32_t(t)}));
            });
            gradient_difference(true, 1.0, z.data() + n);
            for (std::size_t i = 0; i < n; ++i)
                for (std::size_t j = 0; j < n; ++j) out[i * n + j] += z[i] * z[n + j];
        }
        double* dense_work() {
            if constexpr (plan::has_dense) return o.dense_work();
            else return nullptr;
        }
        double const* dense_state() const { return o.dense_state_.data(); }
        void accumulate(hutchinson_term const& h, bool zero) {
            T const* const g = o.closure_grads_.data();
            T const* const plus = zero ? g : o.curvature_grads_[0].data();
            T const* const minus = zero || !h.central ? g : o.curvature_grads_[1].data();
            cpu::hutchinson_accumulate(o.layout_, o.curvature_.data(), plus, minus, h, zero, o.parallel());
        }
    };

    /// The curvature module's estimate for this step, when it makes one (before any pass, after
    /// the first evaluation's gradient): its closure calls.
    template <class F>
    long estimate_curvature(F& f) {
        constexpr std::size_t index = plan::curvature_module_index;
        auto const& m = chain_.template get<index>();
        curvature_ops<F> ops{{*this}, f};
        curvature_context<T, curvature_ops<F>> ctx(m.name, chain_step(), ops);
        if constexpr (requires { m.estimate_curvature(ctx, 0); }) {
            m.estimate_curvature(ctx, plan::slot_offset[index]);
        } else {
            if (!detail::fresh_at(chain_step(), m.update_freq)) return 0;
            ctx.hutchinson(m);
            if constexpr (requires { m.finish_curvature(ctx); }) m.finish_curvature(ctx);
        }
        return ctx.evaluations();
    }

    /// The optimizer's side of a gradient estimate (core/gradient_estimate.hpp's `Ops`): the
    /// parameters, the estimate's buffer `out` (in the state layout), the closure, the passes.
    template <class F>
    struct estimate_ops : origin_moves {
        F& f;
        std::span<tensor_view<T> const> views;  // of `out`
        T* out;
        using origin_moves::o;
        T* param(std::size_t t) { return o.param_ptrs_[t]; }
        T* gradient(std::size_t t) { return out + o.layout_.offsets[t]; }
        double value() { return double(f(std::span<tensor_view<T> const>())); }
        double value_and_gradient() { return double(f(views)); }
        void combine(random_directions const& d, std::span<double const> c) {
            cpu::combine(o.layout_, out, d, c, o.parallel());
        }
        template <class Fn>
        void move_by(Fn const& fn) {
            cpu::move_by(o.layout_, o.param_ptrs_.data(), o.estimate_origin_.data(), out, fn, o.parallel());
        }
        template <int K, int M, class Fn>
        void tensor_terms(Fn const& fn, std::span<double> out) {
            cpu::tensor_terms<K, M, T>(o.layout_, o.param_ptrs_.data(), fn, out, o.parallel());
        }
        template <class Fn>
        void move_to(Fn const& fn) {
            cpu::move_to(o.layout_, o.param_ptrs_.data(), o.estimate_origin_.data(), fn, o.parallel());
        }
        template <class Fn>
        void transform(Fn const& fn) {
            cpu::transform(o.layout_, out, fn, o.parallel());
        }
        template <class Fn>
        double sum(Fn const& fn) {
            return cpu::sum_over(o.layout_, o.param_ptrs_.data(), out, fn, o.parallel());
        }
        std::span<double> coefficients(std::size_t n) {
            o.estimate_coefficients_.resize(n);
            return o.estimate_coefficients_;
        }
    };

    /// The approximator's estimate at the parameters into the buffer under `views` (in the state
    /// layout); its loss, its closure calls and (to `first` when given) the first call's value.
    /// `loss_only`: an approximator that reshapes the loss (SAM) gives its loss alone, the
    /// gradients it needs on the way in that buffer.
    template <class F>
    double estimate(F& f, std::vector<tensor_view<T>> const& views, long& calls, double* first = nullptr,
                    bool loss_only = false) {
        auto const& approximator = chain_.template get<0>();
        T* const out = views.empty() ? nullptr : views[0].data - layout_.offsets[0];
        estimate_ops<F> ops{{*this}, f, views, out};
        estimate_context<T, estimate_ops<F>> ctx(approximator.name, chain_step(), estimates_++, ops);
        double loss = 0;
        if constexpr (plan::approximator_reshapes_loss)
            loss = loss_only ? approximator.loss(ctx) : approximator.estimate(ctx);
        else loss = approximator.estimate(ctx);
        calls = ctx.evaluations();
        if (first) *first = ctx.evaluations() > 0 ? ctx.first_value() : loss;
        return loss;
    }

    /// The closure stage's side of the CPU backend (core/closure.hpp's `Moves`): trial passes over
    /// the parameters, the closure's calls, −gᵀd.
    template <class F>
    struct closure_moves {
        optimizer& o;
        F& f;
        bool moved = false;
        long calls = 0;  // closure calls, several per gradient trial under an approximator
        void move_to(double t) {
            auto const origin = !moved   ? cpu::trial_origin::keep
                                : t == 0 ? cpu::trial_origin::restore
                                         : cpu::trial_origin::read;
            cpu::move_along(o.layout_, o.param_ptrs_.data(), o.origin_.data(), o.scratch_.data(), t, origin,
                            o.parallel());
            moved = true;
        }
        double evaluate(bool gradient) {
            if constexpr (plan::approximator_reshapes_loss)
                if (!gradient) {  // the gradients it needs go to a scratch buffer, not the trial's
                    o.bind_views(o.scratch_views_, o.estimate_scratch_);
                    long c = 0;
                    double const value = o.estimate(f, o.scratch_views_, c, nullptr, true);
                    calls += c;
                    return value;
                }
            if (!gradient) {
                double const value = double(f(std::span<tensor_view<T> const>()));
                ++calls;
                return value;
            }
            if constexpr (plan::has_approximator) {
                long c = 0;
                double const value = o.estimate(f, o.trial_views_, c);
                calls += c;
                return value;
            } else {
                double const value = double(f(std::span<tensor_view<T> const>(o.trial_views_)));
                ++calls;
                return value;
            }
        }
        double slope() const { return -cpu::dot(o.layout_, o.trial_grads_.data(), o.scratch_.data(), o.parallel()); }
    };

    /// A step of a chain with a closure stage: the passes up to it, its search, the passes after
    /// it; on an exception, parameters, state and the reduce modules' scalars are put back.
    template <class F, class G>
    void step_with_stage(F& f, double loss, std::span<tensor_view<G> const> grads) {
        constexpr std::size_t index = plan::closure_module_index;
        saved_scalars_.assign(reduce_state_.begin(), reduce_state_.end());  // no allocation after the first step
        if constexpr (plan::has_dense) saved_dense_.assign(dense_state_.begin(), dense_state_.end());  // O(n²)
        closure_moves<F> moves{*this, f};
        auto const stage = [&](auto const&, cpu::step_memory<T>& mem) {
            reduction_memory<T> const sums{
                mem.chunk_sums.data(), layout_.first_chunk.data(), layout_.sizes.data(), layout_.sizes.size(),
                reduced_.data(),       reduce_state_.data(),       chain_step(),         loss};
            auto const sum = global_sums<plan::reduce_index[index], Chain>(sums);  // gᵀd, dᵀd
            line_search_context context(stage_module::name, loss, -sum[0], std::sqrt(sum[1]),
                                        double(std::numeric_limits<T>::min()), double(std::numeric_limits<T>::max()),
                                        moves);
            double const t = context.finish(
                chain_.template get<index>().search(context, reduce_state_.data() + plan::reduce_slot_offset[index]),
                plan::closure_ends_chain);
            for (std::size_t r = 0; r < params_.size(); ++r)
                reduced_[r * plan::reduced_width + plan::reduced_offset[index]] = T(t);
            // (not under SAM: its trial's loss is f at the trial + ε, where a step returns f at w)
            if constexpr (plan::closure_ends_chain && gradient_trials_v<stage_module> &&
                          !plan::approximator_reshapes_loss)
                if (options_.reuse_accepted_trial && context.at_gradient_trial())
                    reusable_ = true, reusable_loss_ = context.gradient_trial_value();
            step_calls_ += moves.calls;
        };
        try {
            step_views(grads, loss, stage);
        } catch (...) {
            if (moves.moved)
                cpu::move_along(layout_, param_ptrs_.data(), origin_.data(), scratch_.data(), 0.0,
                                cpu::trial_origin::restore, parallel());
            restore_snapshot();
            reduce_state_.assign(saved_scalars_.begin(), saved_scalars_.end());
            if constexpr (plan::has_dense) dense_state_.assign(saved_dense_.begin(), saved_dense_.end());
            reusable_ = false;
            throw;
        }
        if constexpr (gradient_trials_v<stage_module>)
            if (reusable_) {  // the accepted trial's gradient becomes the next step's
                std::swap(closure_grads_, trial_grads_);
                bind_closure_buffers();
            }
    }

    /// The state slots the passes before the stage overwrote, back from the snapshot those passes
    /// filled (core/pass.hpp): all of them, or the ones each selective module named this step.
    void restore_snapshot() {
        constexpr std::size_t stage = plan::closure_module_index;
        if constexpr (!plan::selective_writes(0, stage)) {
            std::copy_n(snapshot_.data(), snapshot_.size(), state_.data());
        } else {
            for (std::size_t t = 0; t < params_.size(); ++t) {
                std::uint64_t const written = detail::written_slots<Chain, 0>(
                    chain_, reduced_.data() + t * plan::reduced_width, std::make_index_sequence<stage>{});
                for (std::size_t j = 0; j < plan::snapshot_slots; ++j)
                    if ((written >> j) & 1) {
                        std::size_t const at = j * layout_.padded_total + layout_.offsets[t];
                        std::copy_n(snapshot_.data() + at, layout_.sizes[t], state_.data() + at);
                    }
            }
        }
    }

    /// The closure's gradient buffers (in the state layout; allocated at the first `step(f)` of a
    /// chain without a stage) and views of them, again after the optimizer was copied.
    void bind_closure_buffers() {
        if (bind_views(closure_views_, closure_grads_))
            closure_const_views_.assign(closure_views_.begin(), closure_views_.end());
        if constexpr (plan::has_closure)
            if constexpr (gradient_trials_v<stage_module>) bind_views(trial_views_, trial_grads_);
    }
    bool bind_views(std::vector<tensor_view<T>>& views, cpu::aligned_buffer<T>& buffer) {
        if (buffer.size() != layout_.padded_total) buffer = cpu::aligned_buffer<T>(layout_.padded_total);
        if (views.size() == params_.size() && (params_.empty() || views[0].data == buffer.data())) return false;
        views.clear();
        for (std::size_t i = 0; i < params_.size(); ++i)
            views.emplace_back(buffer.data() + layout_.offsets[i], params_[i].shape);
        return true;
    }
    bool parallel() const { return layout_.total >= options_.parallel_threshold; }

    /// `m` over every element of x(p, position), p the parameters: one pass through the backend's
    /// fixed-order reduction (cpu::tensor_terms), its sums folded over tensors in order.
    template <class X>
    double global_metric(metric m, T const* const* streams, X const& x) {
        std::vector<double> per_tensor(3 * params_.size());
        cpu::tensor_terms<3, 1, T>(
            layout_, streams, [&]<class V>(V v, position at) { return detail::metric_terms(m, V(x(v, at))); },
            per_tensor, parallel());
        double sums[3];
        term_fold<3, 1>::reset(sums);
        for (std::size_t t = 0; t < params_.size(); ++t) term_fold<3, 1>::combine_all(sums, per_tensor.data() + 3 * t);
        return detail::metric_of(sums, 0, double(layout_.total), m);
    }
    /// The metrics the termination criteria ask for (core/termination.hpp), each a pass.
    struct termination_ops {
        optimizer& o;
        double gradient_metric(metric m) {
            return o.global_metric(m, o.grad_ptrs_.data(), [](auto g, position) { return g; });
        }
        double update_metric(metric m, int slot) {
            T const* const state = o.state_.data() + std::size_t(slot) * o.layout_.padded_total;
            return o.global_metric(m, o.param_ptrs_.data(), [&]<class V>(V p, position at) {
                return V(p - math::load<V>(state + o.layout_.offsets[at.tensor] + at.index));
            });
        }
    };
    bool ask_criteria(double loss) {
        termination_ops ops{*this};
        double const now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
        termination_context<termination_ops> ctx{step_count_,   evaluations_ + step_calls_,           loss, now, ops,
                                                 layout_.total, double(std::numeric_limits<T>::min())};
        bool stop = false;
        if constexpr (plan::has_termination) stop = ask_termination_criteria(chain_, ctx, reduce_state_.data());
        if constexpr (plan::has_restart)
            if (ask_restart_strategies(chain_, ctx, reduce_state_.data())) reset_chain();
        return stop;
    }

    /// The step the chain's modules see next: 1 after a restart strategy's reset (core/restart.hpp).
    long chain_step() const {
        if constexpr (plan::has_restart) return step_count_ + 1 - long(reduce_state_[plan::restart_step_scalar]);
        else return step_count_ + 1;
    }
    /// Every module but the restart strategies as a fresh optimizer's: slots and scalars zeroed, a
    /// dense stage's matrix too, and the chain's step count from here.
    void reset_chain() {
        std::size_t const rows = reduce_state_rows();
        for (std::size_t i = 0; i < plan::modules; ++i) {
            if (plan::is_restart[i]) {
                reduce_state_[plan::reduce_slot_offset[i]] = double(step_count_);
                continue;
            }
            std::size_t const slots = std::size_t(plan::slot_offset[i + 1] - plan::slot_offset[i]);
            std::fill_n(state_.data() + std::size_t(plan::slot_offset[i]) * layout_.padded_total,
                        slots * layout_.padded_total, T(0));
            for (std::size_t r = 0; r < rows; ++r)
                std::fill(
                    reduce_state_.begin() + std::ptrdiff_t(r * plan::reduce_slots + plan::reduce_slot_offset[i]),
                    reduce_state_.begin() + std::ptrdiff_t(r * plan::reduce_slots + plan::reduce_slot_offset[i + 1]),
                    0.0);
        }
        if constexpr (plan::has_dense) std::fill(dense_state_.begin(), dense_state_.end(), 0.0);
    }

    template <class G, class Stage>
    bool step_unobserved(std::span<tensor_view<G> const> grads, double loss, Stage& stage) {
        check_gradients(params_, grads);
        if (step_count_ == LONG_MAX || skipped_steps_ == LONG_MAX)  // set_steps refuses these
            throw error("tzero: the step counts are at their limit (" + std::to_string(LONG_MAX) + ")");
        if constexpr (plan::uses_loss) {
            if (!(loss - loss == 0) && options_.on_nonfinite != nonfinite::propagate) {
                if (options_.on_nonfinite == nonfinite::skip) {
                    ++skipped_steps_;
                    return false;
                }
                throw error("tzero: the loss is " + std::to_string(loss) +
                            " (nothing was changed; a chain that reads the loss needs a finite one, or "
                            "nonfinite::skip to go on)");
            }
        }
        chain_.validate();
        check_in_element_type<T>(chain_, chain_step());
        if constexpr (plan::has_slices)
            if (slices_changed(chain_, slices_bound_for_)) bind_slices();
        for (std::size_t i = 0; i < grads.size(); ++i) grad_ptrs_[i] = grads[i].data;
        bool const parallel = this->parallel();
        // Raise and skip decide before anything is written: inside the first pass where it writes
        // nothing (cpu::first_pass_checks_gradients), else by one read of the gradients first.
        bool const guard = options_.on_nonfinite == nonfinite::skip || options_.on_nonfinite == nonfinite::raise;
        constexpr bool in_first_pass = cpu::first_pass_checks_gradients<Chain>;
        if (guard && !in_first_pass && !gradients_accepted(cpu::count_nonfinite(layout_, grad_ptrs_.data(), parallel)))
            return false;
        cpu::step_memory<T> mem{layout_,
                                param_ptrs_.data(),
                                grad_ptrs_.data(),
                                state_.data(),
                                scratch_.data(),
                                chunk_sums_,
                                reduced_,
                                reduce_state_,
                                options_.on_nonfinite == nonfinite::zero,
                                guard && in_first_pass ? &chunk_nonfinite_ : nullptr};
        if constexpr (plan::has_closure) mem.snapshot = snapshot_.data();
        if constexpr (plan::curvature_stream) mem.curvature = curvature_.data();
        if constexpr (plan::has_dense) {
            mem.dense_state = dense_state_.data();
            mem.dense_work = dense_work() - 3 * layout_.total;
        }
        if constexpr (plan::has_slices) {
            mem.slices = &slices_;
            mem.slice_sums = &slice_sums_;
            mem.slice_values = &slice_values_;
        }
        if (!cpu::run_step(chain_, chain_step(), mem, parallel, loss, stage))
            return gradients_accepted(cpu::per_tensor(layout_, chunk_nonfinite_));
        ++step_count_;
        return true;
    }

  public:
    /// The chain, to read or change hyperparameters between steps.
    Chain& chain() { return chain_; }
    Chain const& chain() const { return chain_; }
    /// Steps taken so far.
    long steps() const { return step_count_; }
    /// Steps the `nonfinite::skip` policy skipped.
    long skipped_steps() const { return skipped_steps_; }
    /// The parameters, as given.
    std::vector<tensor_view<T>> const& parameters() const { return params_; }
    /// State slot `slot` (in chain order, see `plan::slot_offset`) of parameter `tensor`.
    std::span<T const> state(int slot, std::size_t tensor) const {
        return {state_.data() + state_offset(slot, tensor), layout_.sizes[tensor]};
    }
    /// The same, writable: to reset a momentum buffer, or to restore a checkpoint.
    std::span<T> state(int slot, std::size_t tensor) {
        return {state_.data() + state_offset(slot, tensor), layout_.sizes[tensor]};
    }
    /// The persistent scalars of the reduce modules (an EMA of a norm, a previous norm): row
    /// `tensor` holds `plan::reduce_slots` values, module by module (`plan::reduce_slot_offset`);
    /// a global-scope module keeps its scalars in row 0. There is always at least one row.
    std::span<double const> reduce_state(std::size_t tensor) const {
        return {reduce_state_.data() + reduce_row_offset(tensor), plan::reduce_slots};
    }
    /// The same, writable: to restore a checkpoint.
    std::span<double> reduce_state(std::size_t tensor) {
        return {reduce_state_.data() + reduce_row_offset(tensor), plan::reduce_slots};
    }
    std::size_t reduce_state_rows() const { return params_.size() > 0 ? params_.size() : 1; }
    /// A dense stage's persistent doubles (core/dense.hpp: its n×n matrix and vectors, laid out as
    /// its header says); empty for a chain without one.
    std::span<double const> dense_state() const { return dense_state_; }
    /// The same, writable: to restore a checkpoint.
    std::span<double> dense_state() { return dense_state_; }
    /// Sets the step count (bias corrections read it) and the skipped-step count, as a resumed
    /// run needs them: each in [0, LONG_MAX), so that the next step can be counted.
    void set_steps(long steps, long skipped_steps = 0) {
        if (steps < 0 || skipped_steps < 0 || steps == LONG_MAX || skipped_steps == LONG_MAX)
            throw error("tzero: optimizer::set_steps(" + std::to_string(steps) + ", " + std::to_string(skipped_steps) +
                        "): step counts must be >= 0 and below " + std::to_string(LONG_MAX) +
                        " (the next step must be countable)");
        step_count_ = steps;
        skipped_steps_ = skipped_steps;
    }

    /// Throws `tzero::error` unless chain `c` could take step `next_step` of these parameters: its
    /// hyperparameters in range (and in the element type, schedules at that step), a per-slice
    /// module's dims fitting their shapes. What `load` checks, at the file's next step, before it
    /// takes the file's hyperparameters, so that it never accepts what the next step refuses.
    void check_steppable(Chain const& c, long next_step) const {
        c.validate();
        check_in_element_type<T>(c, next_step);
        if constexpr (plan::has_slices) {
            slice_module_t<Chain> unused{};
            (void)tzero::bind_slices(c, shapes_of(params_), options_.chunk_size, false, unused);
        }
    }

  private:
    /// A dense stage's temporaries after its input u, the parameters and the gradient (3n doubles): sized for its
    /// options (beta, the direct form), which may change between steps, before anything is written.
    double* dense_work() {
        std::size_t const work =
            3 * layout_.total + chain_.template get<plan::dense_module_index>().dense_work_size(layout_.total);
        if (dense_work_.size() < work) dense_work_.resize(work);
        return dense_work_.data() + 3 * layout_.total;
    }

    /// A dense stage's state, zero (its first step initializes it), for n elements: n must be a
    /// BLAS size and its n×n block addressable.
    void bind_dense() {
        std::size_t const n = layout_.total;
        using M = dense_module_t<Chain>;
        if (n > std::size_t(INT_MAX) || (n > 0 && n > SIZE_MAX / 32 / n))
            throw error(std::string("tzero: ") + M::name + " keeps an n x n matrix, and these parameters have n = " +
                        std::to_string(n) + " elements (a dense stage takes at most " + std::to_string(INT_MAX) +
                        "; use lbfgs for large n)");
        dense_state_.assign(M::dense_state_size(n), 0.0);
    }

    /// The slices of every tensor under the per-slice module's dims, and their buffers; again
    /// whenever its dims or `min_size` change (a dim list that fits no tensor throws here, before
    /// the step writes anything).
    void bind_slices() {
        slices_ = tzero::bind_slices(chain_, shapes_of(params_), options_.chunk_size, false, slices_bound_for_);
        workspace const w = workspace_of<Chain>(layout_, &slices_);
        slice_sums_.assign(w.slice_sums, 0.0);
        slice_values_.assign(w.slice_values, T(0));
        chunk_sums_.resize(w.unit_sums);
    }

    /// True when no gradient holds a non-finite value (`bad[i]` of gradient i); else counts a
    /// skipped step and returns false (skip), or throws (raise).
    bool gradients_accepted(std::vector<std::size_t> const& bad) {
        for (std::size_t i = 0; i < bad.size(); ++i) {
            if (bad[i] == 0) continue;
            if (options_.on_nonfinite == nonfinite::skip) {
                ++skipped_steps_;
                return false;
            }
            throw error("tzero: gradient " + std::to_string(i) + " holds " + std::to_string(bad[i]) +
                        " NaN or infinite values (nothing was changed; use nonfinite::zero or skip to go on)");
        }
        return true;
    }

    std::size_t reduce_row_offset(std::size_t tensor) const {
        if (tensor >= reduce_state_rows())
            throw error("tzero: optimizer::reduce_state(" + std::to_string(tensor) + ") is out of range (" +
                        std::to_string(reduce_state_rows()) + " rows)");
        return tensor * plan::reduce_slots;
    }

    std::size_t state_offset(int slot, std::size_t tensor) const {
        if (slot < 0 || slot >= plan::state_slots || tensor >= params_.size())
            throw error("tzero: optimizer::state(" + std::to_string(slot) + ", " + std::to_string(tensor) +
                        ") is out of range (the chain has " + std::to_string(plan::state_slots) + " slots and " +
                        std::to_string(params_.size()) + " parameters)");
        return std::size_t(slot) * layout_.padded_total + layout_.offsets[tensor];
    }

    Chain chain_;
    std::vector<tensor_view<T>> params_;
    optimizer_options options_;
    layout layout_;
    cpu::aligned_buffer<T> state_, scratch_;
    std::vector<T*> param_ptrs_;
    std::vector<T const*> grad_ptrs_;
    std::vector<double> chunk_sums_;
    std::vector<std::size_t> chunk_nonfinite_;
    std::vector<T> reduced_;
    std::vector<double> reduce_state_;
    long step_count_ = 0;
    long skipped_steps_ = 0;
    long evaluations_ = 0;
    long step_calls_ = 0;  // closure evaluations of the step under way
    bool should_terminate_ = false;
    long estimates_ = 0;                       // gradient estimates in this step (an approximator's keys)
    cpu::aligned_buffer<T> estimate_origin_;   // p0 of an estimate's perturbations
    cpu::aligned_buffer<T> estimate_scratch_;  // the gradients of a reshaped loss-only trial (SAM's)
    std::vector<tensor_view<T>> scratch_views_;
    std::vector<double> estimate_coefficients_;
    // a curvature module's estimate D and the gradients at its perturbed points (g₊, g₋)
    cpu::aligned_buffer<T> curvature_, curvature_grads_[2];
    std::vector<tensor_view<T>> curvature_views_[2];
    bool reusable_ = false;  // the closure gradient buffer holds the loss's gradient at the parameters
    double reusable_loss_ = 0;
    // the closure protocol: its gradient buffers, a stage's p0, trial gradients and state copy
    cpu::aligned_buffer<T> closure_grads_, origin_, trial_grads_, snapshot_;
    std::vector<double> saved_scalars_;
    // a dense stage's state (checkpointed), its copy for a throwing closure, its temporaries
    std::vector<double> dense_state_, saved_dense_, dense_work_, sg2_scratch_;
    std::vector<tensor_view<T>> closure_views_, trial_views_;
    std::vector<tensor_view<T const>> closure_const_views_;
    std::function<void(step_report<T> const&)> observer_;
    slice_layout slices_;
    slice_module_t<Chain> slices_bound_for_{};
    std::vector<double> slice_sums_;
    std::vector<T> slice_values_;
};

template <module_or_chain C, class T>
optimizer(C, std::vector<tensor_view<T>>) -> optimizer<as_chain_t<C>, T>;
template <module_or_chain C, class T>
optimizer(C, std::vector<tensor_view<T>>, optimizer_options) -> optimizer<as_chain_t<C>, T>;

}  // namespace tzero
