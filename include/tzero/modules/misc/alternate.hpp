/// @file tzero/modules/misc/alternate.hpp
/// Alternate: each step runs one of several chains, in turn, `steps[i]` steps each, then loops.
///   u ← chainᵢ(u)        i = the chain whose turn step t is (computed on the host, the same for
///                        every element)
/// `alternate(adam(), sign() | mul(0.5))` runs Adam on odd steps and the halved sign on even ones;
/// `alternate(3, adam(), sign())` three steps each; `alternate({2, 5}, adam(), sign())` two steps
/// of Adam, then five of the sign. Only the current chain is evaluated: every chain keeps its own
/// state slots (this module's, in order), untouched on the steps it does not run, and counts its
/// own steps for its per-step scalars (Adam's bias correction), as torchzero's modules do. The
/// turn follows from the step count, so a checkpoint restores it.
/// Matches torchzero `tz.m.Alternate(*modules, steps=1)` (modules/misc/switch.py).
/// kind: elementwise. state: every chain's, in order.
#pragma once
#include <array>
#include <cstddef>
#include <tuple>

#include <boost/hana/basic_tuple.hpp>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

namespace detail {
template <std::size_t N>
constexpr std::array<int, N> filled(int value) {
    std::array<int, N> a{};
    for (auto& x : a) x = value;
    return a;
}

/// Which of N chains runs on step `t` (1-based) and how many steps each has run by then (its own
/// step counter; at least 1, for chains that have not run yet and whose scalars go unused).
/// Chain i runs `steps[i]` consecutive steps; after the last one, `loop` starts again from the
/// first, otherwise the last runs forever (`steps` then has N − 1 entries).
template <std::size_t N>
struct schedule {
    std::size_t index = 0;
    std::array<long, N> counts{};
};
template <std::size_t N, std::size_t K>
constexpr schedule<N> schedule_at(long t, std::array<int, K> const& steps, bool loop) {
    schedule<N> s;
    long period = 0;
    for (int x : steps) period += x;
    if (period < 1) period = 1;   // steps not validated yet
    long cycles = 0, at = t - 1;  // at: the 0-based step within the current cycle
    if (loop) cycles = at / period, at %= period;
    long begin = 0;
    bool found = false;
    for (std::size_t i = 0; i < N; ++i) {
        bool const last = i + 1 == N;
        long const len = i < K ? long(steps[i]) : 0;
        long count = 0;
        if (!loop && last) count = at + 1 - begin;  // runs from `begin` on
        else count = cycles * len + (at + 1 - begin < 0 ? 0 : at + 1 - begin > len ? len : at + 1 - begin);
        if (!found && (at < begin + len || (!loop && last))) s.index = i, found = true;
        s.counts[i] = count < 1 ? 1 : count;
        begin += len;
    }
    return s;
}
}  // namespace detail

template <operand... Bs>
struct alternate {
    static_assert(sizeof...(Bs) > 0 && operands<Bs...>::branches == sizeof...(Bs),
                  "tzero: alternate: every operand must be a module or a chain (write alternate(adam(), sign()))");
    operands<Bs...> modules;
    std::array<int, sizeof...(Bs)> steps = detail::filled<sizeof...(Bs)>(1);  ///< steps of each chain per turn

    constexpr alternate() = default;
    constexpr alternate(Bs const&... bs) : modules{boost::hana::make_basic_tuple(bs...)} {}
    constexpr alternate(int steps_each, Bs const&... bs)
        : modules{boost::hana::make_basic_tuple(bs...)}, steps(detail::filled<sizeof...(Bs)>(steps_each)) {}
    template <std::size_t K>
    constexpr alternate(std::array<int, K> const& s, Bs const&... bs) : modules{boost::hana::make_basic_tuple(bs...)} {
        static_assert(K == sizeof...(Bs),
                      "tzero: alternate: give one step count per chain, or one for all "
                      "(write alternate({2, 5}, adam(), sign()))");
        for (std::size_t i = 0; i < K && i < sizeof...(Bs); ++i) steps[i] = s[i];
    }
    template <std::size_t K>
    constexpr alternate(int const (&s)[K], Bs const&... bs) : alternate(std::to_array(s), bs...) {}

    using kind = elementwise;
    static constexpr int state_slots = state_slots_of<alternate>;
    static constexpr char const* name = "alternate";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"modules", &alternate::modules}, field{"steps", &alternate::steps}};
    }

    constexpr void validate() const {
        for (int s : steps)
            detail::check(s >= 1, "tzero: alternate: steps must be >= 1 (write alternate(2, adam(), sign()))", s);
    }
    struct coeffs {
        std::size_t index;  ///< the chain that runs this step
        typename operands<Bs...>::coeffs modules;
    };
    coeffs per_step(long t) const {
        auto const s = detail::schedule_at<sizeof...(Bs)>(t, steps, true);
        return {s.index, modules.per_step(s.counts)};
    }
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, coeffs const& k) const {
        return modules.select(k.index, k.modules, u, e);
    }
};
template <module_or_chain... As>
alternate(As...) -> alternate<operand_t<As>...>;
template <module_or_chain... As>
alternate(int, As...) -> alternate<operand_t<As>...>;
template <std::size_t K, module_or_chain... As>
alternate(std::array<int, K>, As...) -> alternate<operand_t<As>...>;
template <std::size_t K, module_or_chain... As>
alternate(int const (&)[K], As...) -> alternate<operand_t<As>...>;

}  // namespace tzero
