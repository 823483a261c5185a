/// @file tzero/core/module.hpp
/// What a module is: a kind, state slots, a name, and math written once for every value type.
///
/// A module is a trivially copyable aggregate of runtime hyperparameters (so `lr` changes need no
/// recompile and a module can be passed to a CUDA kernel by value). It says only what is its own:
/// - `using kind = elementwise` or `reduce` (a closure stage, a line search, is a reduce module
///   with a host `search`: `closure_module` below; a dense stage one with a host `transform`:
///   `dense_module`);
/// - `static constexpr char const* name`: used in errors and plan descriptions;
/// - `static constexpr int state_slots`: persistent per-element buffers (adam 2, nag 1, lr 0);
///   a module that holds chains (core/branch.hpp) declares its own as `own_slots` (0 when it has
///   none) and `state_slots = state_slots_of<M>`: its own, then each held chain's in field order;
/// - `static constexpr auto hyperparameters()`, when it has data members: them, named
///   (core/hyperparameter.hpp), which checkpoints save and restore and `describe` prints;
/// - `constexpr void validate() const`, when it has range checks (see core/error.hpp);
///   `validate(m)` runs them, then checks every chain the module holds;
/// - optionally `coeffs per_step(long t) const`: per-step scalars, computed once per step on
///   the host (bias corrections); a module that reads the loss instead declares
///   `coeffs per_step(long t, double loss) const`, and its chain must be stepped with
///   `step(grads, loss)`. Without one, the module receives the per-step scalars of the chains it
///   holds (`held_per_step`), or `no_coeffs`;
/// - optionally `static constexpr bool uses_param / uses_grad`: its own math reads the parameter
///   or the raw gradient (the traffic model counts those streams); `uses_param_v<M>` adds the
///   reads of the chains it holds;
/// - `template <class V> V apply(V u, element<V, N> e, coeffs k) const`: maps the update `u`
///   of one element (or one SIMD batch, or one CUDA thread's value); `value_of<&M::other>(*this,
///   k, x, e)` is a held chain's output for input `x` (or a number member as a `V`).
/// A `reduce` module also declares `using reduce_scope = per_tensor_t | global_t`,
/// `V reduce_term(V u, element<V, N> e, coeffs k) const` (the element's share of a sum) and
/// `double finalize(double sum, double count) const` (the sum to the scalar its `apply` reads as
/// `e.reduced`); several terms and persistent scalars are described in core/reduction.hpp. The
/// plan cuts the chain before each reduce module.
#pragma once
#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <type_traits>

#include <boost/hana/at.hpp>
#include <boost/hana/basic_tuple.hpp>

#include <tzero/core/config.hpp>
#include <tzero/core/hyperparameter.hpp>

namespace tzero {

/// Kind tag: math per element, maybe with per-element state.
struct elementwise {};
/// Kind tag: needs a sum over a tensor or over all tensors before it can map.
struct reduce {};

/// Reduction scope tag: one sum per parameter tensor.
struct per_tensor_t {
    static constexpr char const* name = "per_tensor";
};
/// Reduction scope tag: one sum over all parameters.
struct global_t {
    static constexpr char const* name = "global";
};
inline constexpr per_tensor_t per_tensor{};
inline constexpr global_t global{};

namespace detail {
template <class T>
inline constexpr bool always_false = false;
}  // namespace detail

/// AMSGrad tags (a running maximum of the second moment, used in its place): part of a module's
/// type because the maximum adds a state slot; printed as `amsgrad=off` / `amsgrad=on`
/// (`rmsprop`, `ema_squared` and its variants). A module's `with_amsgrad()` selects it; its
/// `amsgrad` member is `std::type_identity_t<Amsgrad>`, so `{.amsgrad = amsgrad_on}` deduces
/// nothing and lands on the conversion below, which says how to write it.
struct amsgrad_on_t {
    static constexpr char const* name = "on";
};
struct amsgrad_off_t {
    static constexpr char const* name = "off";
    amsgrad_off_t() = default;
    template <std::same_as<amsgrad_on_t> On>
    constexpr amsgrad_off_t(On) {
        static_assert(detail::always_false<On>,
                      "tzero: select AMSGrad with .with_amsgrad() (e.g. rmsprop().with_amsgrad())");
    }
};
inline constexpr amsgrad_off_t amsgrad_off{};
inline constexpr amsgrad_on_t amsgrad_on{};
/// One of the two AMSGrad tags (what a module's `Amsgrad` parameter must be).
template <class A>
concept amsgrad_tag = std::is_same_v<A, amsgrad_off_t> || std::is_same_v<A, amsgrad_on_t>;

/// A module's view of its persistent per-element state: `N` values, read and written in place.
template <class V, int N>
struct slots {
    V* at;
    TZERO_HD V& operator[](int i) const { return at[i]; }
};

/// K values of one element (or one batch) at once: the terms a reduce module sums, the outputs
/// of its `finalize` (core/reduction.hpp).
template <class V, int K>
struct terms {
    V v[K];
    TZERO_HD V& operator[](int i) { return v[i]; }
    TZERO_HD V const& operator[](int i) const { return v[i]; }
};

/// Where an element sits: its tensor and its index in that tensor (for a SIMD batch, its first
/// lane's). Randomized modules key their draws on it (core/random.hpp).
struct position {
    std::uint64_t index = 0;
    std::uint32_t tensor = 0;
};

/// Everything a module's math sees of one element besides the update. `O` is the number of
/// values its `finalize` returns (a reduce module's `reduce_outputs`, 1 unless it says more).
template <class V, int N, int O = 1>
struct element {
    V g;  ///< raw gradient (torchzero's `grads`, unaffected by earlier modules)
    V p;  ///< parameter before this step
    slots<V, N> state;
    V reduced;      ///< a reduce module's finalized value; 0 for elementwise modules
    position at{};  ///< where the element sits
    V curvature{};  ///< the step's curvature estimate, for a curvature module (core/curvature.hpp); else 0
};
/// A reduce module with several outputs reads them as `e.reduced[0]`, `e.reduced[1]`, ...
template <class V, int N, int O>
    requires(O > 1)
struct element<V, N, O> {
    V g;
    V p;
    slots<V, N> state;
    terms<V, O> reduced;
    position at{};
    V curvature{};
};

/// The per-step scalars of a module that has none.
struct no_coeffs {};

/// The value of an optional inner chain that is absent (core/branch.hpp): it passes its input
/// through and keeps no state, and it is listed as a hyperparameter but neither printed nor saved.
struct no_inner {
    static constexpr int state_slots = 0;
    static constexpr bool omitted = true;
    no_coeffs per_step(long) const { return {}; }
    template <class V, class E>
    TZERO_HD V value(no_coeffs, V x, E const&, int) const {
        return x;
    }
};

namespace detail {
template <class M>
concept has_kind_and_slots = requires {
    typename M::kind;
    { M::state_slots } -> std::convertible_to<int>;
    { M::name } -> std::convertible_to<char const*>;
};
}  // namespace detail

/// A module: trivially copyable, with a kind, state slots and a name.
template <class M>
concept module = std::is_trivially_copyable_v<M> && detail::has_kind_and_slots<M> &&
                 (std::same_as<typename M::kind, elementwise> || std::same_as<typename M::kind, reduce>);

template <class M>
concept elementwise_module = module<M> && std::same_as<typename M::kind, elementwise>;

/// A closure stage (a line search, core/closure.hpp): a global reduce module that declares
/// `drives_closure = true`, `template <class S> double search(S& s, double* scalars) const` (the
/// step size, from φ(t) through `s`; `scalars` are its `reduce_slots`) and `long max_trials()
/// const`, and no math of its own: the library sums gᵀd and dᵀd for it (so it declares `uses_grad`), and
/// its `apply` is t·u for the step size t its search chose. The plan cuts the chain before it;
/// its search moves the parameters along −d and calls the closure between the passes.
template <class M>
concept closure_module = module<M> && std::same_as<typename M::kind, reduce> &&
                         std::same_as<typename M::reduce_scope, global_t> && requires(M const m) {
                             requires bool(M::drives_closure);
                             requires bool(M::uses_grad);
                             { m.max_trials() } -> std::convertible_to<long>;
                         };

/// A dense stage (core/dense.hpp): a global reduce module whose map needs the whole update as one
/// vector (a dense quasi-Newton matrix times it; torchzero's `concat_params`). It declares
/// `dense = true`, `static constexpr std::size_t dense_state_size(std::size_t n)` (its host state
/// for n elements, in doubles: checkpointed), `std::size_t dense_work_size(std::size_t n) const`
/// (its temporaries) and a host `template <class C> void transform(C& ctx, double* scalars) const`
/// that maps the update entering it, in place; no math of its own in the passes. The plan cuts
/// before it and materializes; the host runs it between the passes, its `apply` passes the
/// result on.
template <class M>
concept dense_module = module<M> && std::same_as<typename M::kind, reduce> &&
                       std::same_as<typename M::reduce_scope, global_t> && requires(M const m, std::size_t n) {
                           requires bool(M::dense);
                           { M::dense_state_size(n) } -> std::convertible_to<std::size_t>;
                           { m.dense_work_size(n) } -> std::convertible_to<std::size_t>;
                       };

/// A module that solves with the step's gradient before the passes (newton_cg: its products
/// need the closure, which the passes cannot call) declares `solves_with_gradient = true`; it
/// comes first in its chain, where the update entering it is that gradient.
template <class M>
inline constexpr bool solves_with_gradient_v = requires { requires bool(M::solves_with_gradient); };

/// A gradient approximator (core/gradient_estimate.hpp): an elementwise identity that declares
/// `approximates_gradient = true` and a host `template <class C> double estimate(C& ctx) const`
/// making the gradient from the closure's values. It comes first in its chain. One whose
/// objective is not the closure's own (SAM's) also declares `reshapes_loss = true` and
/// `template <class C> double loss(C& ctx) const`, which a closure stage's loss-only trials call
/// instead of the closure.
template <class M>
concept gradient_approximator = elementwise_module<M> && requires { requires bool(M::approximates_gradient); };
template <class M>
inline constexpr bool reshapes_loss_v = requires { requires bool(M::reshapes_loss); };

/// A curvature module (core/curvature.hpp): a module that reads the step's estimate of the
/// Hessian's action (`e.curvature`: Hutchinson's mean z ⊙ Hz, or Hz). It declares
/// `uses_curvature = true` and the estimate's fields (`distribution`, `n_samples`, `hvp`, `h`,
/// `zHz`, `seed`, `update_freq`), and may add a host `template <class C> void
/// finish_curvature(C& ctx) const` run on the estimate (AdaHessian's block averaging); or it makes
/// its own with a host `template <class C> void estimate_curvature(C& ctx, int first_slot) const`
/// (MatrixMomentum's product along p − p′, a slot of its own).
template <class M>
concept curvature_module = module<M> && requires { requires bool(M::uses_curvature); };

/// A reduce module that changes only some of its state slots in a step (a history ring: lbfgs
/// writes one pair of its M) declares `slots_written_per_step` (at most) and a host-and-device
/// `std::uint64_t written_slots(R const* outputs) const`: from its finalized outputs, the slots
/// (bit j: its slot j) this step's pass writes. The pass then stores those alone, and a closure
/// step's snapshot holds those alone. Other modules write all their slots.
template <class M>
inline constexpr bool selective_writes_v = requires { requires M::slots_written_per_step >= 0; };
template <class M>
inline constexpr int slots_written_v = [] {
    if constexpr (selective_writes_v<M>) return int(M::slots_written_per_step);
    else return int(M::state_slots);
}();

template <class M>
concept reduce_module = module<M> && std::same_as<typename M::kind, reduce> && requires(M const m) {
    typename M::reduce_scope;
} && (closure_module<M> || dense_module<M> || requires { &M::finalize; });

/// A hyperparameter that holds modules: a `branch` or an `operands` pack (core/branch.hpp), or
/// `no_inner`. It declares `state_slots`, may declare `uses_param` / `uses_grad`, gives its
/// per-step scalars with `per_step(t)` and (a single chain) its output with
/// `value(k, x, e, first_slot)`.
template <class F>
concept holds_modules = requires {
    { F::state_slots } -> std::convertible_to<int>;
};

/// The slots a module keeps for its own math, before those of the chains it holds.
template <class M>
inline constexpr int own_slots_v = [] {
    if constexpr (requires { M::own_slots; }) return int(M::own_slots);
    else return 0;
}();

namespace detail {
template <class F>
inline constexpr int held_slots = [] {
    if constexpr (holds_modules<F>) return int(F::state_slots);
    else return 0;
}();
template <class F>
inline constexpr bool held_uses_param = [] {
    if constexpr (requires { F::uses_param; }) return bool(F::uses_param);
    else return false;
}();
template <class F>
inline constexpr bool held_uses_grad = [] {
    if constexpr (requires { F::uses_grad; }) return bool(F::uses_grad);
    else return false;
}();

/// Per hyperparameter of M, in order: its type's slots if it holds modules, else 0; whether it
/// holds modules; whether it reads the parameter, the gradient.
template <class M, class Fields>
struct held_fields;
template <class M, class... Fs>
struct held_fields<M, std::tuple<Fs...>> {
    static constexpr std::size_t size = sizeof...(Fs);
    static constexpr std::array<int, size + 1> slots{held_slots<typename Fs::type>..., 0};
    static constexpr std::array<bool, size + 1> held{holds_modules<typename Fs::type>..., false};
    static constexpr std::size_t count = (std::size_t(holds_modules<typename Fs::type>) + ... + 0);
    static constexpr int total_slots = (held_slots<typename Fs::type> + ... + 0);
    static constexpr bool uses_param = (held_uses_param<typename Fs::type> || ... || false);
    static constexpr bool uses_grad = (held_uses_grad<typename Fs::type> || ... || false);

    /// The index of the hyperparameter whose member is `member`.
    template <class P>
    static constexpr std::size_t index_of(P member) {
        std::size_t i = 0, found = size;
        std::apply(
            [&](auto const&... f) {
                (
                    [&] {
                        if constexpr (std::is_same_v<decltype(f.member), P>)
                            if (found == size && f.member == member) found = i;
                        ++i;
                    }(),
                    ...);
            },
            hyperparameters_of<M>());
        return found;
    }
    /// The first slot of hyperparameter `i`'s chains, after the module's own; its place among the
    /// hyperparameters that hold modules.
    static constexpr int first_slot(std::size_t i) {
        int s = own_slots_v<M>;
        for (std::size_t j = 0; j < i; ++j) s += slots[j];
        return s;
    }
    static constexpr std::size_t held_index(std::size_t i) {
        std::size_t h = 0;
        for (std::size_t j = 0; j < i; ++j) h += held[j];
        return h;
    }
};
template <class M>
using held_fields_of = held_fields<M, decltype(hyperparameters_of<M>())>;
}  // namespace detail

/// The slots of every chain a module holds.
template <class M>
inline constexpr int held_slots_v = detail::held_fields_of<M>::total_slots;

/// All of a module's slots: its own (`own_slots`), then those of each chain it holds, in field
/// order. A module that holds chains declares `static constexpr int state_slots = state_slots_of<M>;`
/// (a class template's, so it is evaluated when first read, once the module is complete; its math
/// takes `element<V, N>` with `N` deduced, so that nothing in its declarations reads it sooner).
template <class M>
inline constexpr int state_slots_of = own_slots_v<M> + held_slots_v<M>;

/// Does `M` read the parameter (weight decay) or the raw gradient (cautious): its own math
/// (`uses_param`, `uses_grad`) or a chain it holds?
template <class M>
inline constexpr bool uses_param_v = [] {
    if constexpr (requires { M::uses_param; }) return bool(M::uses_param) || detail::held_fields_of<M>::uses_param;
    else return detail::held_fields_of<M>::uses_param;
}();
template <class M>
inline constexpr bool uses_grad_v = [] {
    if constexpr (requires { M::uses_grad; }) return bool(M::uses_grad) || detail::held_fields_of<M>::uses_grad;
    else return detail::held_fields_of<M>::uses_grad;
}();

namespace detail {
template <class F>
constexpr void validate_held(F const& value) {
    if constexpr (holds_chain<F>) value.chain.validate();
    else if constexpr (hyperparameter_list<F>)
        for_each_element(value, [](std::size_t, auto const& x) { validate_held(x); });
}
}  // namespace detail

/// Checks `m`: its own `validate()` (range checks; a module without any declares none), then
/// every chain it holds, in field order. Throws `tzero::error` naming the first bad value; in a
/// constant expression, a compile-time error. A chain's `validate()` checks its modules so.
template <class M>
constexpr void validate(M const& m) {
    if constexpr (requires { m.validate(); }) m.validate();
    for_each_hyperparameter(m, [](char const*, auto const& value) { detail::validate_held(value); });
}

/// The number of values a reduce module sums per element (core/reduction.hpp).
template <class M>
inline constexpr int reduce_terms_v = [] {
    if constexpr (closure_module<M>) return 2;     // gᵀd and dᵀd, summed for a line search
    else if constexpr (dense_module<M>) return 1;  // nothing: the host reads the whole vector
    else if constexpr (requires { M::reduce_terms; }) return int(M::reduce_terms);
    else return 1;
}();

/// How many of a reduce module's terms, its last ones, are maxima rather than sums
/// (core/reduction.hpp): `clip_norm(…, ord=inf)` needs max|u|; 0 by default.
template <class M>
inline constexpr int reduce_maxima_v = [] {
    if constexpr (requires { M::reduce_maxima; }) return int(M::reduce_maxima);
    else return 0;
}();

/// The number of values a reduce module's `finalize` returns (core/reduction.hpp); 1 otherwise.
template <class M>
inline constexpr int reduce_outputs_v = [] {
    if constexpr (requires { M::reduce_outputs; } && std::same_as<typename M::kind, reduce>)
        return int(M::reduce_outputs);
    else return 1;
}();

/// A termination criterion (core/termination.hpp): an elementwise identity that declares
/// `terminates = true`, `host_slots` (its persistent host scalars) and a host
/// `template <class C> bool criterion(C& ctx, double* scalars, int first_slot) const`, asked after
/// every step; the optimizer then reports `should_terminate()`. It adds nothing to a pass unless
/// it keeps state slots (terminate_by_update_norm's previous parameters).
template <class M>
concept termination_module = elementwise_module<M> && requires { requires bool(M::terminates); };

/// A restart strategy (core/restart.hpp): a module that declares `restarts = true` and a host
/// `template <class C> bool should_reset(C& ctx, double* scalars, int first_slot) const`, asked
/// after every applied step like a termination criterion; a true answer resets every other
/// module's state and the chain's step count (torchzero's `RestartStrategyBase` with
/// `modules=None`). An elementwise one is an identity with `host_slots`; a reduce one (whose
/// test needs the update at its place) declares its `reduce_slots`, of which the first is the
/// library's. Either way its first scalar is the step of the chain's last reset.
template <class M>
concept restart_module = module<M> && requires { requires bool(M::restarts); };

/// The number of persistent scalars a reduce module keeps per tensor (or for all tensors); a
/// termination criterion's host scalars and its count of consecutive hits (global); an
/// elementwise restart strategy's host scalars and the step of the last reset; 0 for other
/// elementwise modules.
template <class M>
inline constexpr int reduce_slots_v = [] {
    if constexpr (requires { M::reduce_slots; } && std::same_as<typename M::kind, reduce>) return int(M::reduce_slots);
    else if constexpr (termination_module<M> || restart_module<M>) return int(M::host_slots) + 1;
    else return 0;
}();

/// Does module `M` read the loss (its `per_step` takes the step and the loss, or it declares
/// `uses_loss = true`: a reduce module whose `finalize` reads `reduction::loss`)?
template <class M>
inline constexpr bool uses_loss_v =
    requires(M const& m) { m.per_step(1L, 1.0); } || requires { requires bool(M::uses_loss); };

/// The per-step scalars of the chains `m` holds, at step `t`: none (`no_coeffs`), one chain's, or
/// a tuple of each one's in field order. What a module without `per_step` receives.
template <class M>
auto held_per_step(M const& m, long t) {
    using H = detail::held_fields_of<M>;
    auto const all = std::apply(
        [&](auto... f) {
            return std::tuple_cat([&] {
                if constexpr (holds_modules<typename decltype(f)::type>) return std::tuple{(m.*(f.member)).per_step(t)};
                else return std::tuple<>{};
            }()...);
        },
        hyperparameters_of<M>());
    if constexpr (H::count == 0) return no_coeffs{};
    else if constexpr (H::count == 1) return std::get<0>(all);
    else return std::apply([](auto const&... k) { return boost::hana::make_basic_tuple(k...); }, all);
}

/// The per-step scalars of `m` at step `t` (1-based) and loss `loss` (NaN when the step was
/// given none): its `per_step`, or those of the chains it holds.
template <module M>
auto per_step_of(M const& m, long t, double loss = __builtin_nan("")) {
    if constexpr (requires { m.per_step(t, loss); }) return m.per_step(t, loss);
    else if constexpr (requires { m.per_step(t); }) return m.per_step(t);
    else return held_per_step(m, t);
}

template <module M>
using coeffs_of = decltype(per_step_of(std::declval<M const&>(), 1L));

/// What a module's math reads of its member `Member`: a number as a `V`, or the output of the
/// chain it holds for input `x` (its state at the member's slots, its per-step scalars from `k`,
/// the scalars `held_per_step` gave).
template <auto Member, class M, class K, class V, int N, int O>
TZERO_HD V value_of(M const& m, K const& k, V x, element<V, N, O> const& e) {
    using F = std::remove_cvref_t<decltype(m.*Member)>;
    if constexpr (!holds_modules<F>) {
        return V(m.*Member);
    } else {
        using H = detail::held_fields_of<M>;
        constexpr std::size_t i = H::index_of(Member);
        static_assert(i < H::size, "tzero: value_of<&M::x>: x is not among M's hyperparameters()");
        static_assert(M::state_slots == state_slots_of<M>,
                      "tzero: a module that holds chains declares state_slots = state_slots_of<M> (and own_slots)");
        constexpr std::size_t h = H::held_index(i);
        if constexpr (H::count == 1) return (m.*Member).value(k, x, e, H::first_slot(i));
        else return (m.*Member).value(boost::hana::at_c<h>(k), x, e, H::first_slot(i));
    }
}

}  // namespace tzero
