/// @file tzero/modules/misc/switch_modules.hpp
/// Switch: runs one chain for a number of steps, then the next, and stays on the last.
///   u ← chainᵢ(u)        i = the chain whose turn step t is (computed on the host, the same for
///                        every element)
/// `switch_modules(1000, adam(), sign())` runs Adam for 1000 steps, then the sign for good;
/// `switch_modules({1000, 2000}, a, b, c)` runs a for 1000 steps, b for 2000, then c. Steps are
/// required: one count for all chains but the last, or one per such chain. Only the current chain
/// is evaluated: every chain keeps its own state slots (this module's, in order), untouched on
/// the steps it does not run, and counts its own steps for its per-step scalars, as torchzero's
/// modules do. The turn follows from the step count, so a checkpoint restores it.
/// Matches torchzero `tz.m.Switch(*modules, steps)` (modules/misc/switch.py); named
/// `switch_modules` because `switch` is a C++ keyword.
/// kind: elementwise. state: every chain's, in order.
#pragma once
#include <array>
#include <cstddef>
#include <tuple>

#include <boost/hana/basic_tuple.hpp>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>
#include <tzero/modules/misc/alternate.hpp>

namespace tzero {

template <operand... Bs>
struct switch_modules {
    static_assert(sizeof...(Bs) > 0 && operands<Bs...>::branches == sizeof...(Bs),
                  "tzero: switch_modules: every operand must be a module or a chain (write switch_modules(100, adam(), "
                  "sign()))");
    operands<Bs...> modules;
    std::array<int, sizeof...(Bs) - 1> steps{};  ///< steps of each chain but the last (required)

    constexpr switch_modules() = default;
    constexpr switch_modules(int steps_each, Bs const&... bs)
        : modules{boost::hana::make_basic_tuple(bs...)}, steps(detail::filled<sizeof...(Bs) - 1>(steps_each)) {}
    template <std::size_t K>
    constexpr switch_modules(std::array<int, K> const& s, Bs const&... bs)
        : modules{boost::hana::make_basic_tuple(bs...)} {
        static_assert(K + 1 == sizeof...(Bs),
                      "tzero: switch_modules: give one step count per chain but the last, or "
                      "one for all (write switch_modules({100, 200}, adam(), sign(), lion()))");
        for (std::size_t i = 0; i < K && i + 1 < sizeof...(Bs); ++i) steps[i] = s[i];
    }
    template <std::size_t K>
    constexpr switch_modules(int const (&s)[K], Bs const&... bs) : switch_modules(std::to_array(s), bs...) {}

    using kind = elementwise;
    static constexpr int state_slots = state_slots_of<switch_modules>;
    static constexpr char const* name = "switch_modules";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"modules", &switch_modules::modules}, field{"steps", &switch_modules::steps}};
    }

    constexpr void validate() const {
        for (int s : steps)
            detail::check(s >= 1,
                          "tzero: switch_modules: steps must be >= 1 (write switch_modules(100, adam(), sign()))", s);
    }
    struct coeffs {
        std::size_t index;  ///< the chain that runs this step
        typename operands<Bs...>::coeffs modules;
    };
    coeffs per_step(long t) const {
        auto const s = detail::schedule_at<sizeof...(Bs)>(t, steps, false);
        return {s.index, modules.per_step(s.counts)};
    }
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, coeffs const& k) const {
        return modules.select(k.index, k.modules, u, e);
    }
};
template <module_or_chain... As>
switch_modules(int, As...) -> switch_modules<operand_t<As>...>;
template <std::size_t K, module_or_chain... As>
switch_modules(std::array<int, K>, As...) -> switch_modules<operand_t<As>...>;
template <std::size_t K, module_or_chain... As>
switch_modules(int const (&)[K], As...) -> switch_modules<operand_t<As>...>;

}  // namespace tzero
