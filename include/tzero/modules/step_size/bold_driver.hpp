/// @file tzero/modules/step_size/bold_driver.hpp
/// BoldDriver: a step size that grows while the loss falls and shrinks when it does not.
///   first step (or after a reset): α ← a_init, f_prev ← f
///   later:  α ← α·nminus if f_prev ≤ f, else α·nplus;   f_prev ← f
///   u ← α·u if α is acceptable; else u ← e(u)·u, and the state is reset (α ← a_init, f_prev forgotten)
/// f is the loss given to `step(grads, loss)`. Acceptable: 2·tiny ≤ α ≤ max/2 of the parameters'
/// type (torchzero's `_acceptable_alpha`). e(u) is torchzero's `epsilon_step_size(u, 1e-7)`, as
/// barzilai_borwein has it (detail/barzilai_borwein.hpp), from max|u|.
/// Matches torchzero `tz.m.BoldDriver(a_init=1e-3, nplus=1.1, nminus=0.1)`
/// (modules/step_size/adaptive.py). α and f_prev are scalars of the whole step, so it is a
/// global reduce module whose `finalize` updates them: it costs one pass more than a learning
/// rate (the fallback's max|u| and the type check's sum are what it reduces).
/// torchzero's `inner` is an inner chain (core/branch.hpp, "inner chain") run on the update; the
/// step size multiplies its output, u ← α·inner(u), or e(inner(u))·inner(u) (the fallback's max
/// is of the chain's output): `bold_driver().with_inner(sign())`. Its slots are the module's; the
/// reduce pass evaluates it without keeping its state, the apply pass steps it. Not supported:
/// `reset_for_online` and `get_H`.
/// kind: reduce (global; a sum and a maximum), 3 persistent scalars (α, f_prev, and 1 once f_prev is set).
/// state: none, or the inner chain's. reads: the loss (its chain is stepped with `step(grads, loss)`, and it cannot
/// be a branch of another module).
#pragma once
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/modules/detail/barzilai_borwein.hpp>

namespace tzero {

/// The bold driver behind `bold_driver`, with its inner chain (`with_inner`).
template <inner_operand Inner = no_inner>
struct basic_bold_driver {
    double a_init = 1e-3;  ///< the first step size, and the one after a reset
    double nplus = 1.1;    ///< multiplies α when the loss fell
    double nminus = 0.1;   ///< multiplies α when it did not
    Inner inner{};         ///< run on the update before it is scaled (`with_inner`)

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr int state_slots = state_slots_of<basic_bold_driver>;
    static constexpr int reduce_terms = 2;  // the element size, max|u|
    static constexpr int reduce_maxima = 1;
    static constexpr int reduce_slots = 3;   // α, f_prev, started
    static constexpr bool uses_loss = true;  // finalize reads r.loss
    static constexpr char const* name = "bold_driver";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"a_init", &basic_bold_driver::a_init}, field{"nplus", &basic_bold_driver::nplus},
                          field{"nminus", &basic_bold_driver::nminus}, field{"inner", &basic_bold_driver::inner}};
    }

    /// This module with `c` run on the update before it is scaled (torchzero's `inner`).
    template <module_or_chain C>
    constexpr auto with_inner(C const& c) const {
        return basic_bold_driver<inner_t<C>>{a_init, nplus, nminus, c};
    }

    constexpr void validate() const {
        detail::check(a_init - a_init == 0, "tzero: bold_driver: a_init must be a finite number (write 1e-3)", a_init);
        detail::check(nplus - nplus == 0, "tzero: bold_driver: nplus must be a finite number (write 1.1)", nplus);
        detail::check(nminus - nminus == 0, "tzero: bold_driver: nminus must be a finite number (write 0.1)", nminus);
    }

    /// The element size, and max|inner(u)|.
    template <class V, int N>
    TZERO_HD terms<V, 2> reduce_term(V u, element<V, N> e, auto const& k) const {
        return {{detail::element_size_term<V>(), math::abs(value_of<&basic_bold_driver::inner>(*this, k, u, e))}};
    }
    /// The step size; updates α and f_prev from the loss.
    TZERO_HD double finalize(reduction<2, 3> r) const {
        detail::finfo const f = detail::finfo_from(r.sum[0], r.count);
        double& a = r.state[0];
        double& f_prev = r.state[1];
        double& started = r.state[2];
        if (started == 0) a = a_init;
        else a *= f_prev <= r.loss ? nminus : nplus;
        f_prev = r.loss;
        started = 1;
        if (detail::acceptable_alpha(a, f)) return a;
        a = a_init;  // torchzero clears its state: the next step starts over
        f_prev = 0;
        started = 0;
        return detail::epsilon_step_size(r.sum[1], 1e-7);
    }
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, auto const& k) const {
        return value_of<&basic_bold_driver::inner>(*this, k, u, e) * e.reduced;
    }
};

using bold_driver = basic_bold_driver<>;

}  // namespace tzero
