/// @file tzero/modules/misc/gradient_accumulation.hpp
/// GradientAccumulation: sums `n` updates, then lets a chain of modules step once with their mean.
///   a ← a + u;   on steps n, 2n, …:  out = modules(a / n) (or of a when mean = false), a ← 0
///   on the other steps: out = 0 (the parameters stay), and `modules` does not run (stop = true)
/// Matches torchzero `tz.m.GradientAccumulation(n, mean=True, stop=True)`
/// (modules/misc/gradient_accumulation.py) followed by the modules it holds back:
/// `GradientAccumulation(16), Adam(), LR(0.01)` is `gradient_accumulation(16, adam() | lr(0.01))`.
/// torchzero stops the rest of its chain on the other steps; tzero's chain always runs to the
/// end, so the modules that must not step are a `branch` (core/branch.hpp) whose state is this
/// module's and whose math is inlined into the same pass. It runs only on steps n, 2n, …, and
/// its own step count advances once per run (Adam's bias correction sees 1, 2, …), as the
/// stopped modules' counters do in torchzero.
/// stop = false: torchzero lets the rest of the chain step every time, with the plain update
/// on the other steps; so does tzero: out = modules(u) there, and the branch counts every step.
/// kind: elementwise. state: 1 slot (a) + the modules'.
#pragma once
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

template <class Modules>
struct gradient_accumulation {
    static_assert(detail::is_branch<Modules>,
                  "tzero: gradient_accumulation: the modules it holds back must be a module or a chain "
                  "(write gradient_accumulation(16, adam() | lr(0.01)))");
    int n = 0;          ///< updates accumulated per step of `modules`; required, as in torchzero
    Modules modules{};  ///< the modules that step once every n steps
    bool mean = true;   ///< pass the mean of the n updates (false: their sum)
    bool stop = true;   ///< hold `modules` back on the other steps (false: run them on the update)

    using kind = elementwise;
    static constexpr int own_slots = 1;  // the sum
    static constexpr int state_slots = state_slots_of<gradient_accumulation>;
    static constexpr char const* name = "gradient_accumulation";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"n", &gradient_accumulation::n}, field{"modules", &gradient_accumulation::modules},
                          field{"mean", &gradient_accumulation::mean}, field{"stop", &gradient_accumulation::stop}};
    }

    constexpr void validate() const {
        detail::check(
            n >= 1, "tzero: gradient_accumulation: n must be >= 1 (write gradient_accumulation(16, adam() | lr(0.01)))",
            n);
    }
    struct coeffs {
        bool fire;  ///< this step ends a group of n
        operand_coeffs<Modules> inner;
    };
    coeffs per_step(long t) const {
        long const inner_t = stop ? (t / n > 0 ? t / n : 1) : t;  // the modules' own step count
        return {t % n == 0, operand_per_step(modules, inner_t)};
    }

    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, coeffs const& k) const {
        V const sum = e.state[0] + u;
        if (k.fire) {
            e.state[0] = V(0);
            return operand_value(modules, k.inner, mean ? sum / V(double(n)) : sum, e, own_slots);
        }
        e.state[0] = sum;
        if (stop) return V(0);
        return operand_value(modules, k.inner, u, e, own_slots);
    }
};
template <module_or_chain C>
gradient_accumulation(int, C) -> gradient_accumulation<branch<as_chain_t<C>>>;
template <module_or_chain C>
gradient_accumulation(int, C, bool) -> gradient_accumulation<branch<as_chain_t<C>>>;
template <module_or_chain C>
gradient_accumulation(int, C, bool, bool) -> gradient_accumulation<branch<as_chain_t<C>>>;

}  // namespace tzero
