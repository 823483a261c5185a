/// @file tzero/core/schedule.hpp
/// Schedules: hyperparameters that change with the step, and the one-line pattern by which a
/// module accepts either a number or a schedule.
///
/// A schedule is a trivially copyable struct with `double operator()(long t) const`, a `name`,
/// named `hyperparameters()` (so `describe` prints it and checkpoints save and restore it, see
/// core/hyperparameter.hpp) and `validate()`. tzero's built-in schedules live in
/// include/tzero/schedules/ (docs/schedules.md):
///
///     adam() | lr(cosine_schedule{.peak_lr = 1e-3, .total_steps = 10'000, .warmup_steps = 500})
///     adam() | lr(one_cycle{.max_lr = 0.01, .total_steps = 1000}) | weight_decay(exponential_decay{...})
///     adam() | lr(my_function)                 // double my_function(long t): a function_schedule
///
/// **The step.** `t` is tzero's 1-based step: the first `opt.step()` runs with t = 1. A torch
/// scheduler stepped after each optimizer step (`opt.step(); sched.step();`) gives the t-th
/// optimizer step the value it computes at `last_epoch = t − 1`; every tzero schedule that has a
/// torch counterpart is written so that `s(t)` equals that value (tests/schedules/).
///
/// **Host only.** A schedule is evaluated once per step on the host, in a module's `per_step`
/// (the same place bias corrections are computed); the fused pass, CPU or CUDA, reads only the
/// resulting number. So a schedule may call `std::cos` or a user's function pointer, and a
/// module holding one is still passed to a CUDA kernel by value.
///
/// **Adopting it in a module** (modules/step_size/lr.hpp is the example):
///
///     template <class Lr = double>                  // double, or a schedule type
///     struct lr {
///         std::type_identity_t<Lr> lr = required_value<Lr>;   // NaN / a default schedule: must be given
///         step_value_t<Lr> per_step(long t) const requires schedule<Lr> { return per_step_value(lr, t); }
///         template <class V>
///         TZERO_HD V apply(V u, element<V, 0>, step_value_t<Lr> k) const { return u * V(current_value(lr, k)); }
///     };
///     template <class L> lr(L) -> lr<scalar_or_schedule_t<L>>;   // lr(0.1) → lr<double>
///
/// For a number, `step_value_t` is `no_coeffs` and `current_value` returns the member, so
/// `lr(0.1)` compiles to what it did before schedules existed; for a schedule, `per_step` stores
/// `s(t)` and `apply` reads it. A module that already has coeffs adds a `double` to them and
/// fills it with `value_at(x, t)`.
#pragma once
#include <concepts>
#include <limits>
#include <string>
#include <tuple>
#include <type_traits>

#include <tzero/core/config.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/hyperparameter.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

/// A hyperparameter that is a function of tzero's 1-based step (see the file comment).
template <class S>
concept schedule = std::is_trivially_copyable_v<S> && hyperparameter_group<S> && requires(S const s, long t) {
    { s(t) } -> std::same_as<double>;
    s.validate();
};

/// What a scheduled hyperparameter may be: a number (`double`) or a schedule.
template <class X>
concept scalar_or_schedule = std::same_as<X, double> || schedule<X>;

/// A user's function of the step, `double f(long t)`, as a schedule: `lr(my_function)`, or a
/// lambda without captures, `lr([](long t) { return 0.1 / t; })`. A function pointer is not a
/// value a checkpoint can hold: it saves as `{"type": "function_schedule"}` and `load` keeps the
/// pointer the optimizer already holds (docs/schedules.md). Its values are not range-checked.
struct function_schedule {
    double (*function)(long) = nullptr;

    constexpr function_schedule() = default;
    template <class F>
        requires std::convertible_to<F, double (*)(long)>
    constexpr function_schedule(F f) : function(f) {}  // implicit: `lr(my_function)` reads naturally

    static constexpr char const* name = "function_schedule";
    static constexpr auto hyperparameters() { return std::tuple<>{}; }
    constexpr void validate() const {
        detail::check(function != nullptr,
                      "tzero: function_schedule: the function must not be null (write lr(my_function))", 0);
    }
    double operator()(long t) const { return function(t); }
};

namespace detail {
template <class A>
constexpr auto scalar_or_schedule_of() {
    if constexpr (std::is_arithmetic_v<A>) return std::type_identity<double>{};
    else if constexpr (!schedule<A> && std::is_convertible_v<A, double (*)(long)>)
        return std::type_identity<function_schedule>{};
    else return std::type_identity<A>{};
}
}  // namespace detail

/// The hyperparameter type a constructor argument makes: a number → `double`, a function or a
/// captureless lambda → `function_schedule`, a schedule → itself. For deduction guides.
template <class A>
using scalar_or_schedule_t = typename decltype(detail::scalar_or_schedule_of<std::remove_cvref_t<A>>())::type;

/// The value of a number or a schedule at step `t` (host only).
template <scalar_or_schedule X>
constexpr double value_at(X const& x, long t) {
    if constexpr (schedule<X>) return x(t);
    else return x;
}

/// A schedule's value at this step, computed by `per_step` and read by `apply`.
struct step_value {
    double value;
};

/// What `per_step` hands `apply` for hyperparameter type `X`: nothing for a number (`apply`
/// reads the member), the value at this step for a schedule.
template <scalar_or_schedule X>
using step_value_t = std::conditional_t<schedule<X>, step_value, no_coeffs>;

/// `per_step`'s part for a number or a schedule (host only): a schedule's value at step `t`,
/// which must be finite (`exponential_decay{.gamma = 1e200}` reaches infinity by step 4): it is
/// checked here, before the step writes anything.
template <scalar_or_schedule X>
step_value_t<X> per_step_value(X const& x, long t) {
    if constexpr (schedule<X>) {
        double const v = x(t);
        if (!(v - v == 0))
            throw error(std::string("tzero: ") + X::name + ": its value at step " + std::to_string(t) + " is " +
                        std::to_string(v) + " (a schedule must stay finite; nothing was changed)");
        return {v};
    } else {
        return {};
    }
}

/// The value `apply` uses: the number itself, or the schedule's value that `per_step` stored.
template <scalar_or_schedule X>
TZERO_HD double current_value(X const& x, step_value_t<X> const& k) {
    if constexpr (schedule<X>) return k.value;
    else return x;
}

/// The default of a number or schedule the user must give: NaN (so `validate` asks for it), or
/// the schedule's own default (whose required fields are NaN).
template <scalar_or_schedule X>
inline constexpr X required_value = [] {
    if constexpr (schedule<X>) return X{};
    else return std::numeric_limits<double>::quiet_NaN();
}();

/// Validates a number with `ok` (`message` reads "tzero: <module>: <name> must ..."), or a
/// schedule with its own `validate()`.
template <scalar_or_schedule X, class Ok>
constexpr void validate_value(X const& x, Ok ok, char const* message) {
    if constexpr (schedule<X>) x.validate();
    else detail::check(ok(x), message, x);
}

}  // namespace tzero
