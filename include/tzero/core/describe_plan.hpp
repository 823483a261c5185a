/// @file tzero/core/describe_plan.hpp
/// `describe_plan(chain)`: the compile-time plan (core/plan.hpp) as text, for logs and for
/// reading what a chain costs: its passes, where the chain is cut, how the passes hand the update
/// on, what each pass reads and writes, and the bytes per element of a step.
///
///     std::cout << tzero::describe_plan(tz::adam() | tz::normalize() | tz::lr(0.1));
///
///     adam(beta1=0.9, ...) | normalize(norm_value=1, scope=per_tensor, ord=2, min_size=1) | lr(lr=0.1)
///     2 passes, cut before normalize; handoff: materialize (each pass hands its update on in a scratch buffer)
///     bytes per element: 36 in float (20 read, 16 written), 72 in double
///       pass 1: adam, then normalize's sums (per tensor); reads g, 2 state slots; writes 2 state slots, scratch
///       pass 2: (the scratch buffer) | normalize | lr; reads p, scratch; writes p
#pragma once
#include <array>
#include <cstddef>
#include <string>
#include <type_traits>

#include <tzero/core/chain.hpp>
#include <tzero/core/closure.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/plan.hpp>

namespace tzero {
namespace detail {
template <class M>
constexpr char const* reduce_scope_name() {
    if constexpr (!reduce_module<M>) return "";
    else if constexpr (per_slice_v<M>) return "per slice";
    else if constexpr (std::is_same_v<typename M::reduce_scope, global_t>) return "over all parameters";
    else return "per tensor";
}
/// Each module's name, and the scope of its sums ("" for an elementwise module).
template <class... Ms>
constexpr std::array<std::array<char const*, 2>, sizeof...(Ms)> module_facts(chain<Ms...> const*) {
    return {{{Ms::name, reduce_scope_name<Ms>()}...}};
}
/// The parts joined by ", ", or "nothing".
inline std::string listing(std::string const& parts) { return parts.empty() ? "nothing" : parts; }
inline void add_part(std::string& s, std::string const& part) {
    if (!s.empty()) s += ", ";
    s += part;
}
inline std::string slots_text(std::size_t n) { return std::to_string(n) + (n == 1 ? " state slot" : " state slots"); }

/// The closure stage of `c`'s plan: what its search costs a step beyond the passes.
template <class C>
std::string closure_stage_text(C const& c) {
    using chain_type = as_chain_t<C>;
    using plan = plan_of<chain_type>;
    chain_type const whole = as_chain(c);
    auto const& m = whole.template get<plan::closure_module_index>();
    using M = std::remove_cvref_t<decltype(m)>;
    auto const bytes = [](std::size_t streams) {
        return std::to_string(streams * sizeof(float)) + " B in float (" + std::to_string(streams * sizeof(double)) +
               " in double)";
    };
    std::string s = std::string("  closure stage ") + M::name + ": 1 gradient, then up to " +
                    std::to_string(m.max_trials()) + (gradient_trials_v<M> ? " losses with gradients" : " losses") +
                    " a step; each trial p <- p0 - t*d moves " + bytes(plan::trial_streams) +
                    " an element (the first " + bytes(plan::first_trial_streams) + ")";
    if (gradient_trials_v<M>) s += ", then -g^T d " + bytes(plan::slope_streams);
    if (plan::snapshot_writes)
        s += "; the passes before it keep the old values of the " +
             (plan::snapshot_writes < plan::snapshot_slots ? "up to " : std::string()) +
             slots_text(plan::snapshot_writes) + " they overwrite, until the step returns";
    return s + "\n";
}

/// The dense stage of `c`'s plan: its host work between the passes.
template <class C>
std::string dense_stage_text() {
    using M = dense_module_t<as_chain_t<C>>;
    // the n² coefficient of its size a·n² + b·n + c
    std::size_t const per_n2 = (M::dense_state_size(2) + M::dense_state_size(0) - 2 * M::dense_state_size(1)) / 2;
    return std::string("  dense stage ") + M::name +
           ": on the host, the update as one vector of n elements: " + std::to_string(per_n2) +
           (per_n2 == 1 ? " n x n matrix" : " n x n matrices") +
           " of doubles, O(n^2) work a step (BLAS matrix-vector products and rank-one updates)\n";
}
}  // namespace detail

/// The plan of `c` (a module or a chain) as text: the chain, the passes and cuts, the handoff,
/// the bytes per element of a step in float and double, and what each pass evaluates, reads and
/// writes. Lines end with '\n'.
template <module_or_chain C>
std::string describe_plan(C const& c) {
    using chain_type = as_chain_t<C>;
    using plan = plan_of<chain_type>;
    constexpr handoff h = plan::chosen;
    constexpr auto facts = detail::module_facts(static_cast<chain_type const*>(nullptr));

    std::string s = describe(as_chain(c)) + "\n";
    s += std::to_string(plan::passes) + (plan::passes == 1 ? " pass" : " passes");
    if constexpr (plan::reductions > 0) {
        std::string cuts;
        for (std::size_t r = 0; r < plan::reductions; ++r) detail::add_part(cuts, facts[plan::cut[r]][0]);
        s += ", cut before " + cuts + "; handoff: ";
        s += h == handoff::recompute ? "recompute (each pass starts again from the gradient)"
                                     : "materialize (each pass hands its update on in a scratch buffer)";
    }
    if constexpr (plan::uses_loss) s += "; reads the loss";
    if constexpr (plan::approximator_reshapes_loss)
        s += std::string("; the loss and gradient are ") + facts[0][0] + "'s objective's, from the closure's";
    else if constexpr (plan::has_approximator)
        s += std::string("; the gradient is ") + facts[0][0] + "'s estimate from the closure's values";
    if constexpr (plan::has_curvature)
        s += std::string("; ") + facts[plan::curvature_module_index][0] +
             " reads a curvature estimate from Hessian-vector products of the closure's gradients (one more stream)";
    s += "\nbytes per element: " + std::to_string(plan::template bytes_per_element<float>) + " in float (" +
         std::to_string(plan::template read_bytes_for<float>(h)) + " read, " +
         std::to_string(plan::template bytes_per_element<float> - plan::template read_bytes_for<float>(h)) +
         " written), " + std::to_string(plan::template bytes_per_element<double>) + " in double\n";

    for (std::size_t p = 0; p < plan::passes; ++p) {
        if constexpr (plan::has_dense)
            if (p == plan::dense_pass + 1) s += detail::dense_stage_text<C>();
        if constexpr (plan::has_closure)
            if (p == plan::closure_pass + 1) s += detail::closure_stage_text(c);
        if (plan::closure_ends_chain && p + 1 == plan::passes) {
            s += "  pass " + std::to_string(p + 1) + ": not run: " + facts[p == 0 ? 0 : plan::cut[p - 1]][0] +
                 " ends the chain and leaves p at the accepted point\n";
            break;
        }
        std::string modules;
        for (std::size_t i = plan::pass_begin(h, p); i < plan::pass_end(p); ++i) {
            if (!modules.empty()) modules += " | ";
            modules += facts[i][0];
        }
        if (plan::reads_scratch(h, p)) modules = "(the scratch buffer)" + (modules.empty() ? "" : " | " + modules);
        s += "  pass " + std::to_string(p + 1) + ": " + (modules.empty() ? "(the gradient)" : modules);
        if (plan::has_dense && p == plan::dense_pass)
            s += std::string(", then ") + facts[plan::pass_end(p)][0] + "'s input (the whole update)";
        else if (p < plan::reductions)
            s += std::string(", then ") + facts[plan::pass_end(p)][0] + "'s sums (" + facts[plan::pass_end(p)][1] + ")";
        if (plan::iterates_slices(p)) s += ", slice by slice";
        std::string reads, writes;
        if (plan::loads_grad(h, p)) detail::add_part(reads, "g");
        if (plan::loads_param(h, p)) detail::add_part(reads, "p");
        if (plan::reads_scratch(h, p)) detail::add_part(reads, "scratch");
        std::size_t const read_state = std::size_t(plan::read_slots_end(p) - plan::slot_offset[plan::pass_begin(h, p)]);
        if (read_state) detail::add_part(reads, detail::slots_text(read_state));
        bool const last = p == plan::reductions;
        if (last) detail::add_part(writes, "p");
        std::size_t const written_state = std::size_t(plan::slots_written(plan::pass_begin(h, p), plan::pass_end(p)));
        if (plan::writes_state(h, p) && written_state)
            detail::add_part(writes,
                             (plan::selective_writes(plan::pass_begin(h, p), plan::pass_end(p)) ? "up to " : "") +
                                 detail::slots_text(written_state));
        if (h == handoff::materialize && !last) detail::add_part(writes, "scratch");
        s += "; reads " + detail::listing(reads) + "; writes " + detail::listing(writes) + "\n";
    }
    return s;
}

}  // namespace tzero
