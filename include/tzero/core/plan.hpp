/// @file tzero/core/plan.hpp
/// `plan_of<Chain>`: the compile-time schedule of a chain, and the traffic model that picks it.
///
/// The chain is cut before every `reduce` module: with R reduce modules a step is R + 1 passes
/// over memory. Pass r < R computes the update that enters the r-th reduce module and sums its
/// `reduce_term`; the last pass applies everything and writes the parameters. Between passes
/// the plan either
/// - **recomputes**: each pass starts again from the gradient, reading (never writing) the state
///   of the modules before the cut, and only the last pass writes state; or
/// - **materializes**: each pass writes the update at its cut into a scratch buffer and the state
///   of its own modules, and the next pass starts from that buffer.
/// The traffic model counts the bytes per element each variant must move (reads plus writes of
/// every stream; see `bytes_for`) and picks the smaller, recompute on a tie (no scratch memory).
///
///     static_assert(plan_of<decltype(clip_value(1) | adam() | lr(0.1))>::passes == 1);
///     static_assert(plan_of<decltype(clip_value(1) | adam() | lr(0.1))>::bytes_per_element<float> == 28);
#pragma once
#include <array>
#include <concepts>
#include <cstddef>
#include <type_traits>
#include <utility>

#include <tzero/core/chain.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/slice_dims.hpp>

namespace tzero {

/// How the passes of a multi-pass plan hand the update on.
enum class handoff { recompute, materialize };

template <class Chain>
struct plan_of;

/// Does reduce module `M` fold per slice (a `slice_dims` scope)?
template <class M>
inline constexpr bool per_slice_v = [] {
    if constexpr (reduce_module<M>) return slice_scope<typename M::reduce_scope>;
    else return false;
}();

template <class... Ms>
struct plan_of<chain<Ms...>> {
    /// Number of modules.
    static constexpr std::size_t modules = sizeof...(Ms);
    /// Number of reduce modules, each a cut.
    static constexpr std::size_t reductions = (std::size_t(reduce_module<Ms>) + ... + 0);
    /// Passes over memory per step.
    static constexpr std::size_t passes = reductions + 1;
    /// Persistent per-element state buffers of the whole chain.
    static constexpr int state_slots = (Ms::state_slots + ... + 0);
    /// Does a module read the loss (`step(grads, loss)`)?
    static constexpr bool uses_loss = (uses_loss_v<Ms> || ... || false);

    /// Per-slice modules (`per_slice(...)` scope): at most one, whose slices the passes from its
    /// cut on iterate (core/slices.hpp).
    static constexpr std::size_t slice_modules = (std::size_t(per_slice_v<Ms>) + ... + 0);
    static_assert(slice_modules <= 1,
                  "tzero: a chain may hold one per-slice module (a per_slice(...) scope); give "
                  "the others per_tensor or global scope, or step them in a second optimizer");
    static constexpr bool has_slices = slice_modules == 1;

    /// Closure stages (line searches): at most one, whose search runs between the pass that
    /// builds its direction and the passes after it.
    static constexpr std::size_t closure_stages = (std::size_t(closure_module<Ms>) + ... + 0);
    static_assert(closure_stages <= 1,
                  "tzero: a chain may hold one closure stage (a line search); step a second one in a second optimizer");
    static constexpr bool has_closure = closure_stages == 1;

    /// Dense stages (dense quasi-Newton methods, core/dense.hpp): at most one, whose host transform
    /// runs on the whole update between the pass that builds its input and the passes after it.
    static constexpr std::size_t dense_stages = (std::size_t(dense_module<Ms>) + ... + 0);
    static_assert(dense_stages <= 1,
                  "tzero: a chain may hold one dense stage (bfgs, sr1, ...): step a second one in a second optimizer");
    static constexpr bool has_dense = dense_stages == 1;

    /// A gradient approximator (fdm, spsa, ...): at most one, the chain's first module, since it
    /// makes the gradient every later module reads (core/gradient_estimate.hpp).
    static constexpr std::size_t approximators = (std::size_t(gradient_approximator<Ms>) + ... + 0);
    static constexpr bool has_approximator = approximators > 0;
    static constexpr bool approximator_first = [] {
        constexpr bool is_approximator[] = {gradient_approximator<Ms>..., false};
        return is_approximator[0];
    }();
    /// Its objective is not the closure's own (SAM): a closure stage's loss-only trials ask it.
    static constexpr bool approximator_reshapes_loss = [] {
        constexpr bool reshapes[] = {reshapes_loss_v<Ms>..., false};
        return reshapes[0];
    }();
    static_assert(approximators == 0 || (approximators == 1 && approximator_first),
                  "tzero: a gradient approximator (fdm, spsa, ...) comes first in its chain, once: it makes "
                  "the gradient every later module reads");

    /// A curvature module (adahessian, sophia_h, esgd, random_hvp): at most one, whose estimate
    /// (Hessian-vector products from the closure's gradients, core/curvature.hpp) the passes that
    /// evaluate it read as one more stream; its index, `modules` when there is none.
    static constexpr std::size_t curvature_modules = (std::size_t(curvature_module<Ms>) + ... + 0);
    static constexpr bool has_curvature = curvature_modules > 0;
    static_assert(curvature_modules <= 1,
                  "tzero: a chain may hold one module that estimates curvature (adahessian, sophia_h, esgd, "
                  "random_hvp): step a second one in a second optimizer");
    static_assert(!(has_curvature && has_approximator),
                  "tzero: a curvature module (adahessian, sophia_h, esgd, random_hvp) differences the "
                  "closure's gradients: it cannot follow a gradient approximator");
    static constexpr std::size_t curvature_module_index = [] {
        constexpr bool f[] = {curvature_module<Ms>..., false};
        for (std::size_t i = 0; i < modules; ++i)
            if (f[i]) return i;
        return modules;
    }();

    /// Module index of each reduce module (the cuts), then `modules` as a sentinel.
    static constexpr std::array<std::size_t, reductions + 1> cut = [] {
        constexpr bool is_reduce[] = {reduce_module<Ms>..., false};
        std::array<std::size_t, reductions + 1> c{};
        std::size_t r = 0;
        for (std::size_t i = 0; i < modules; ++i)
            if (is_reduce[i]) c[r++] = i;
        c[reductions] = modules;
        return c;
    }();

    /// First state slot of each module (and the total at index `modules`).
    static constexpr std::array<int, modules + 1> slot_offset = [] {
        constexpr int slots[] = {Ms::state_slots..., 0};
        std::array<int, modules + 1> o{};
        for (std::size_t i = 0; i < modules; ++i) o[i + 1] = o[i] + slots[i];
        return o;
    }();

    /// State slots modules [begin, end) write in a step (at most: `slots_written_v`), and whether
    /// one of them writes only some of its own (core/module.hpp, `selective_writes_v`).
    static constexpr int slots_written(std::size_t begin, std::size_t end) {
        constexpr int w[] = {slots_written_v<Ms>..., 0};
        int n = 0;
        for (std::size_t i = begin; i < end && i < modules; ++i) n += w[i];
        return n;
    }
    static constexpr bool selective_writes(std::size_t begin, std::size_t end) {
        constexpr bool sel[] = {selective_writes_v<Ms>..., false};
        for (std::size_t i = begin; i < end && i < modules; ++i)
            if (sel[i]) return true;
        return false;
    }
    static_assert(!selective_writes(0, modules) || slot_offset[modules] <= 64,
                  "tzero: a chain with a module that writes some of its state slots holds at most 64 slots "
                  "(a 64-bit mask of the slots a pass writes)");

    /// Values summed per element by the reduce module with the most (at least 1): the stride of
    /// the per-chunk sums (core/reduction.hpp).
    static constexpr std::size_t max_terms = [] {
        std::size_t k = 1;
        for (int t : {(reduce_module<Ms> ? reduce_terms_v<Ms> : 1)..., 1}) k = std::size_t(t) > k ? std::size_t(t) : k;
        return k;
    }();
    /// Values summed per element in `pass`: its reduce module's terms; 0 in the last pass.
    static constexpr int terms_of_pass(std::size_t pass) {
        constexpr int terms[] = {(reduce_module<Ms> ? reduce_terms_v<Ms> : 0)..., 0};
        return pass + 1 < passes ? terms[cut[pass]] : 0;  // (not `pass < reductions`: nvcc warns when it is 0)
    }
    /// How many of those, the last ones, are maxima (`reduce_maxima`); 0 in the last pass.
    static constexpr int maxima_of_pass(std::size_t pass) {
        constexpr int maxima[] = {(reduce_module<Ms> ? reduce_maxima_v<Ms> : 0)..., 0};
        return pass + 1 < passes ? maxima[cut[pass]] : 0;
    }
    /// Finalized values per tensor (each reduce module's `reduce_outputs`), and the first of each.
    static constexpr std::size_t reduced_width = (std::size_t(reduce_module<Ms> ? reduce_outputs_v<Ms> : 0) + ... + 0);
    static constexpr std::array<std::size_t, modules + 1> reduced_offset = [] {
        constexpr std::size_t outputs[] = {std::size_t(reduce_module<Ms> ? reduce_outputs_v<Ms> : 0)..., 0};
        std::array<std::size_t, modules + 1> o{};
        for (std::size_t i = 0; i < modules; ++i) o[i + 1] = o[i] + outputs[i];
        return o;
    }();
    /// Persistent scalars of the reduce modules, per tensor, and the first of each module.
    static constexpr std::size_t reduce_slots = (std::size_t(reduce_slots_v<Ms>) + ... + 0);
    static constexpr std::array<std::size_t, modules + 1> reduce_slot_offset = [] {
        constexpr std::size_t slots[] = {std::size_t(reduce_slots_v<Ms>)..., 0};
        std::array<std::size_t, modules + 1> o{};
        for (std::size_t i = 0; i < modules; ++i) o[i + 1] = o[i] + slots[i];
        return o;
    }();

    /// Which reduce module (0-based among reduce modules) module `i` is; only for reduce modules.
    static constexpr std::array<std::size_t, modules + 1> reduce_index = [] {
        constexpr bool is_reduce[] = {reduce_module<Ms>..., false};
        std::array<std::size_t, modules + 1> ri{};
        for (std::size_t i = 0, r = 0; i < modules; ++i)
            if (is_reduce[i]) ri[i] = r++;
        return ri;
    }();

    /// The per-slice module (`modules` when there is none) and the pass that sums its terms.
    static constexpr std::size_t slice_module = [] {
        constexpr bool f[] = {per_slice_v<Ms>..., false};
        for (std::size_t i = 0; i < modules; ++i)
            if (f[i]) return i;
        return modules;
    }();
    static constexpr std::size_t slice_pass = has_slices ? reduce_index[slice_module] : passes;

    /// The closure stage (`modules` when there is none), the pass that builds its direction, and
    /// whether it ends the chain: then its search leaves the parameters at the accepted point and
    /// the last pass (which would only apply the step size) is not run, as torchzero's last line
    /// search writes the parameters itself.
    static constexpr std::size_t closure_module_index = [] {
        constexpr bool f[] = {closure_module<Ms>..., false};
        for (std::size_t i = 0; i < modules; ++i)
            if (f[i]) return i;
        return modules;
    }();
    static constexpr std::size_t closure_pass = has_closure ? reduce_index[closure_module_index] : passes;
    /// The dense stage (`modules` when there is none) and the pass that builds its input.
    static constexpr std::size_t dense_module_index = [] {
        constexpr bool f[] = {dense_module<Ms>..., false};
        for (std::size_t i = 0; i < modules; ++i)
            if (f[i]) return i;
        return modules;
    }();
    static constexpr std::size_t dense_pass = has_dense ? reduce_index[dense_module_index] : passes;
    static_assert(
        [] {
            constexpr bool solves[] = {solves_with_gradient_v<Ms>..., false};
            std::size_t later = 0;  // (a loop over every module: nvcc warns of one it finds unreachable)
            for (std::size_t i = 0; i < modules; ++i) later += std::size_t(i > 0 && solves[i]);
            return later == 0;
        }(),
        "tzero: newton_cg solves with the step's gradient before the passes: it comes first in its chain");
    static_assert(!(has_dense && has_closure) || dense_module_index < closure_module_index,
                  "tzero: a dense stage (bfgs, sr1, ...) comes before the chain's line search, which searches "
                  "along its direction");
    /// Termination criteria (core/termination.hpp), asked after every step; those without state
    /// slots are identities the passes compile away, so one after a closure stage still lets the
    /// stage end the chain (so too an elementwise restart strategy's).
    static constexpr std::size_t termination_criteria = (std::size_t(termination_module<Ms>) + ... + 0);
    static constexpr bool has_termination = termination_criteria > 0;
    /// Restart strategies (core/restart.hpp), asked after every step; which modules they are, and
    /// where the step of the chain's last reset is kept (the first one's first scalar).
    static constexpr bool has_restart = (restart_module<Ms> || ... || false);
    static constexpr std::array<bool, modules + 1> is_restart{restart_module<Ms>..., false};
    static constexpr std::size_t restart_step_scalar = [] {
        for (std::size_t i = 0; i < modules; ++i)
            if (is_restart[i]) return reduce_slot_offset[i];
        return std::size_t(0);
    }();
    static constexpr bool closure_ends_chain = [] {
        constexpr bool opaque[] = {
            !((termination_module<Ms> || (restart_module<Ms> && elementwise_module<Ms>)) && Ms::state_slots == 0)...,
            false};
        std::size_t after = 0;  // (a loop over every module: nvcc warns of one it finds unreachable)
        for (std::size_t i = 0; i < modules; ++i) after += std::size_t(i > closure_module_index && opaque[i]);
        return has_closure && after == 0;
    }();
    /// Does `pass` iterate slices rather than chunks? The one that sums the per-slice terms and
    /// every later one: their modules read the per-slice value (recomputed or applied).
    static constexpr bool iterates_slices(std::size_t pass) { return pass + 1 > slice_pass; }

    /// Modules evaluated by `pass` are [pass_begin, pass_end); a non-final pass then sums the
    /// reduce term of module `pass_end`.
    static constexpr std::size_t pass_begin(handoff h, std::size_t pass) {
        return h == handoff::materialize && pass > 0 ? cut[pass - 1] : 0;
    }
    static constexpr std::size_t pass_end(std::size_t pass) { return cut[pass]; }
    /// Does `pass` start from the scratch buffer rather than from the gradient?
    static constexpr bool reads_scratch(handoff h, std::size_t pass) { return h == handoff::materialize && pass > 0; }
    /// Does `pass` write the state of the modules it evaluates?
    static constexpr bool writes_state(handoff h, std::size_t pass) {
        return h == handoff::materialize || pass == reductions;
    }
    /// Does any module in [begin, end] (the reduce term included) read the parameter / raw gradient?
    static constexpr bool any_uses_param(std::size_t begin, std::size_t end) {
        constexpr bool f[] = {uses_param_v<Ms>..., false};
        for (std::size_t i = begin; i <= end && i < modules; ++i)
            if (f[i]) return true;
        return false;
    }
    static constexpr bool any_uses_grad(std::size_t begin, std::size_t end) {
        constexpr bool f[] = {uses_grad_v<Ms>..., false};
        constexpr bool stage[] = {closure_module<Ms>..., false};
        for (std::size_t i = begin; i <= end && i < modules; ++i)
            if (f[i] && !(stage[i] && i != end)) return true;  // a closure stage reads g in its sums only
        return false;
    }
    /// Does the curvature module read its estimate as a stream? Not when it is the dense stage
    /// (Newton), whose estimate is a matrix it keeps itself.
    static constexpr bool curvature_stream = has_curvature && curvature_module_index != dense_module_index;
    /// Does `pass` evaluate the curvature module, so load the curvature estimate?
    static constexpr bool loads_curvature(handoff h, std::size_t pass) {
        return curvature_stream && pass_begin(h, pass) <= curvature_module_index &&
               curvature_module_index < pass_end(pass);
    }
    /// Does `pass` load the gradient / parameter stream?
    static constexpr bool loads_grad(handoff h, std::size_t pass) {
        return !reads_scratch(h, pass) || any_uses_grad(pass_begin(h, pass), pass_end(pass));
    }
    static constexpr bool loads_param(handoff h, std::size_t pass) {
        return pass == reductions || any_uses_param(pass_begin(h, pass), pass_end(pass));
    }

    /// State slots `pass` reads are [slot_offset[pass_begin], read_slots_end(pass)): those of the
    /// modules it evaluates and, before a cut, those of the reduce module whose terms it sums (a
    /// graft's branches); it writes only the first group.
    static constexpr int read_slots_end(std::size_t pass) {
        return slot_offset[pass + 1 < passes ? pass_end(pass) + 1 : modules];
    }
    /// Streams (each one element wide) that `pass` reads, and that it writes.
    static constexpr std::size_t streams_read(handoff h, std::size_t pass) {
        std::size_t state = std::size_t(read_slots_end(pass) - slot_offset[pass_begin(h, pass)]);
        return std::size_t(loads_grad(h, pass)) + std::size_t(loads_param(h, pass)) + state +
               std::size_t(reads_scratch(h, pass)) + std::size_t(loads_curvature(h, pass));
    }
    static constexpr std::size_t streams_written(handoff h, std::size_t pass) {
        std::size_t state = std::size_t(slots_written(pass_begin(h, pass), pass_end(pass)));
        bool last = pass == reductions;
        return std::size_t(last)                                   // the parameter
               + (writes_state(h, pass) ? state : 0)               // state
               + std::size_t(h == handoff::materialize && !last);  // scratch
    }
    static constexpr std::size_t streams(handoff h, std::size_t pass) {
        return streams_read(h, pass) + streams_written(h, pass);
    }
    /// Passes a step runs: all but the last when a closure stage ends the chain.
    static constexpr std::size_t passes_run = passes - std::size_t(closure_ends_chain);
    /// State slots a closure-driven step may overwrite before its stage, whose old values it keeps
    /// to put back if the closure throws (the strong guarantee); the pass that overwrites a slot
    /// stores the value it loaded into the snapshot on the way (`snapshot_writes` streams, only
    /// written: the slots written this step, core/pass.hpp).
    static constexpr std::size_t snapshot_slots = has_closure ? std::size_t(slot_offset[closure_module_index]) : 0;
    static constexpr std::size_t snapshot_writes =
        has_closure ? std::size_t(slots_written(0, closure_module_index)) : 0;
    /// Streams of a closure stage's trial pass p ← p0 − t·d (p0, d read; p written): the first
    /// also reads p and keeps it as p0 (one more), a gradient trial adds −gᵀd (g, d read).
    static constexpr std::size_t trial_streams = 3, first_trial_streams = 4, slope_streams = 2;
    /// Bytes per element a step reads with handoff `h` (the rest of `bytes_for` is written),
    /// without a closure stage's trials (`trial_streams`).
    template <class T>
    static constexpr std::size_t read_bytes_for(handoff h) {
        std::size_t s = 0;
        for (std::size_t p = 0; p < passes_run; ++p) s += streams_read(h, p);
        return s * sizeof(T);
    }
    /// Bytes per element a step moves with handoff `h`, for value type `T` (without trials).
    template <class T>
    static constexpr std::size_t bytes_for(handoff h) {
        std::size_t s = snapshot_writes;
        for (std::size_t p = 0; p < passes_run; ++p) s += streams(h, p);
        return s * sizeof(T);
    }
    /// The handoff the traffic model picks (the same for every T: bytes scale with sizeof(T)); a
    /// chain with a closure stage materializes, since its trial passes read the direction, and so
    /// does one with a dense stage, whose host transform maps the scratch buffer in place.
    static constexpr handoff chosen =
        has_closure || has_dense || bytes_for<char>(handoff::materialize) < bytes_for<char>(handoff::recompute)
            ? handoff::materialize
            : handoff::recompute;
    /// Bytes per element of the chosen plan.
    template <class T>
    static constexpr std::size_t bytes_per_element = bytes_for<T>(chosen);
};

template <module_or_chain C>
    requires(!detail::is_chain<C>)
struct plan_of<C> : plan_of<as_chain_t<C>> {};

namespace detail {
/// The type of `Chain`'s per-slice module (an empty struct when it has none).
template <class Chain, bool = plan_of<Chain>::has_slices>
struct slice_module_of {
    struct type {};
};
template <class Chain>
struct slice_module_of<Chain, true> {
    using type =
        std::remove_cvref_t<decltype(std::declval<Chain const&>().template get<plan_of<Chain>::slice_module>())>;
    static_assert(
        requires(type const m) {
            m.scope;
            { m.min_size } -> std::convertible_to<std::size_t>;
        }, "tzero: a per-slice module keeps its dims as `scope` and its smallest slice as `min_size`");
};
}  // namespace detail

namespace detail {
template <class Chain, bool = plan_of<Chain>::has_closure>
struct closure_module_of {
    struct type {};
};
template <class Chain>
struct closure_module_of<Chain, true> {
    using type = std::remove_cvref_t<
        decltype(std::declval<Chain const&>().template get<plan_of<Chain>::closure_module_index>())>;
};
}  // namespace detail

/// The type of `Chain`'s closure stage (an empty struct when it has none).
template <class Chain>
using closure_module_t = typename detail::closure_module_of<Chain>::type;

namespace detail {
template <class Chain, bool = plan_of<Chain>::has_dense>
struct dense_module_of {
    struct type {
        static constexpr std::size_t dense_state_size(std::size_t) { return 0; }
    };
};
template <class Chain>
struct dense_module_of<Chain, true> {
    using type =
        std::remove_cvref_t<decltype(std::declval<Chain const&>().template get<plan_of<Chain>::dense_module_index>())>;
};
}  // namespace detail

/// The type of `Chain`'s dense stage (an empty struct with no state when it has none).
template <class Chain>
using dense_module_t = typename detail::dense_module_of<Chain>::type;

/// The type of `Chain`'s per-slice module (an empty struct when it has none): what the optimizers
/// keep to notice a change of its dims or `min_size` between steps.
template <class Chain>
using slice_module_t = typename detail::slice_module_of<Chain>::type;

}  // namespace tzero
