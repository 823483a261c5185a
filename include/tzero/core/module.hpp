/// @file tzero/core/module.hpp
/// What a module is: a kind, state slots, a name, and math written once for every value type.
///
/// A module is a trivially copyable aggregate of runtime hyperparameters (so `lr` changes need no
/// recompile and a module can be passed to a CUDA kernel by value). It declares
/// - `using kind = elementwise` or `reduce`;
/// - `static constexpr int state_slots`: persistent per-element buffers (adam 2, nag 1, lr 0);
/// - `static constexpr char const* name`: used in errors and plan descriptions;
/// - `constexpr void validate() const`: range checks (see core/error.hpp);
/// - `static constexpr auto hyperparameters()`: its data members, named (core/hyperparameter.hpp),
///   which checkpoints save and restore and `describe` prints;
/// - optionally `coeffs per_step(long t) const`: per-step scalars, computed once per step on
///   the host (bias corrections); otherwise the module receives `no_coeffs`; a module that reads
///   the loss instead declares `coeffs per_step(long t, double loss) const`, and its chain must be
///   stepped with `step(grads, loss)`;
/// - optionally `static constexpr bool uses_param / uses_grad`: reads the parameter or the raw
///   gradient (the traffic model counts those streams);
/// - `template <class V> V apply(V u, element<V, N> e, coeffs k) const`: maps the update `u`
///   of one element (or one SIMD batch, or one CUDA thread's value).
/// A `reduce` module also declares `using reduce_scope = per_tensor_t | global_t`,
/// `V reduce_term(V u, element<V, N> e, coeffs k) const` (the element's share of a sum) and
/// `double finalize(double sum, double count) const` (the sum to the scalar its `apply` reads as
/// `e.reduced`); several terms and persistent scalars are described in core/reduction.hpp. The
/// plan cuts the chain before each reduce module.
#pragma once
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <type_traits>

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

/// AMSGrad tags (a running maximum of the second moment, used in its place): part of a module's
/// type because the maximum adds a state slot; printed as `amsgrad=off` / `amsgrad=on`
/// (`rmsprop`, `ema_squared` and its variants).
struct amsgrad_off_t {
    static constexpr char const* name = "off";
};
struct amsgrad_on_t {
    static constexpr char const* name = "on";
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
    V g;             ///< raw gradient (torchzero's `grads`, unaffected by earlier modules)
    V p;             ///< parameter before this step
    slots<V, N> state;
    V reduced;       ///< a reduce module's finalized value; 0 for elementwise modules
    position at{};   ///< where the element sits
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
};

/// The per-step scalars of a module that has none.
struct no_coeffs {};

namespace detail {
template <class M>
concept has_kind_and_slots = requires {
    typename M::kind;
    { M::state_slots } -> std::convertible_to<int>;
    { M::name } -> std::convertible_to<char const*>;
    M::hyperparameters();
};
}  // namespace detail

/// A module: trivially copyable, with a kind, state slots, a name, named hyperparameters and
/// `validate()`.
template <class M>
concept module = std::is_trivially_copyable_v<M> && detail::has_kind_and_slots<M> &&
                 requires(M const m) { m.validate(); } &&
                 (std::same_as<typename M::kind, elementwise> || std::same_as<typename M::kind, reduce>);

template <class M>
concept elementwise_module = module<M> && std::same_as<typename M::kind, elementwise>;

template <class M>
concept reduce_module = module<M> && std::same_as<typename M::kind, reduce> && requires(M const m) {
    typename M::reduce_scope;
    &M::finalize;
};

/// Does `M` read the parameter (weight decay) or the raw gradient (cautious)?
template <class M>
inline constexpr bool uses_param_v = [] {
    if constexpr (requires { M::uses_param; }) return bool(M::uses_param);
    else return false;
}();
template <class M>
inline constexpr bool uses_grad_v = [] {
    if constexpr (requires { M::uses_grad; }) return bool(M::uses_grad);
    else return false;
}();

/// The number of values a reduce module sums per element (core/reduction.hpp).
template <class M>
inline constexpr int reduce_terms_v = [] {
    if constexpr (requires { M::reduce_terms; }) return int(M::reduce_terms);
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
    if constexpr (requires { M::reduce_outputs; } && std::same_as<typename M::kind, reduce>) return int(M::reduce_outputs);
    else return 1;
}();

/// The number of persistent scalars a reduce module keeps per tensor (or for all tensors); 0 for
/// an elementwise module.
template <class M>
inline constexpr int reduce_slots_v = [] {
    if constexpr (requires { M::reduce_slots; } && std::same_as<typename M::kind, reduce>) return int(M::reduce_slots);
    else return 0;
}();

/// Does module `M` read the loss (its `per_step` takes the step and the loss, or it declares
/// `uses_loss = true`: a reduce module whose `finalize` reads `reduction::loss`)?
template <class M>
inline constexpr bool uses_loss_v = requires(M const& m) { m.per_step(1L, 1.0); } || requires { requires bool(M::uses_loss); };

/// The per-step scalars of `m` at step `t` (1-based) and loss `loss` (NaN when the step was
/// given none), or `no_coeffs`.
template <module M>
auto per_step_of(M const& m, long t, double loss = __builtin_nan("")) {
    if constexpr (requires { m.per_step(t, loss); }) return m.per_step(t, loss);
    else if constexpr (requires { m.per_step(t); }) return m.per_step(t);
    else return no_coeffs{};
}

template <module M>
using coeffs_of = decltype(per_step_of(std::declval<M const&>(), 1L));

}  // namespace tzero
