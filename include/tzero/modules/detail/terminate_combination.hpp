/// @file tzero/modules/detail/terminate_combination.hpp
/// What terminate_any and terminate_all share: criteria held as a pack (core/branch.hpp), each a
/// one-module branch whose state slots and host scalars follow the others'. Every criterion is
/// asked every step (torchzero's stop at the first that decides, so the later ones' counts lag);
/// their own `n` is not used (torchzero asks their `termination_criteria` directly), the
/// combination's is 1.
#pragma once
#include <array>
#include <cstddef>
#include <tuple>
#include <utility>

#include <tzero/core/branch.hpp>
#include <tzero/core/chain.hpp>
#include <tzero/core/module.hpp>

namespace tzero::detail {

template <bool All, class Pack>
struct terminate_combination;

template <bool All, class... Cs>
struct terminate_combination<All, operands<branch<chain<Cs>>...>> {
    static_assert(sizeof...(Cs) > 0, "tzero: terminate_any / terminate_all: give them one criterion or more");
    static_assert((termination_module<Cs> && ...),
                  "tzero: terminate_any / terminate_all combine termination criteria (terminate_by_gradient_norm, "
                  "terminate_after_n_steps, ...)");

    operands<branch<chain<Cs>>...> criteria;

    using kind = elementwise;
    static constexpr bool terminates = true;
    static constexpr int own_slots = 0;
    static constexpr int state_slots = state_slots_of<terminate_combination>;
    /// Each criterion's scalars (its hits in a row, then its own), one after another.
    static constexpr std::array<int, sizeof...(Cs) + 1> first_scalar = [] {
        constexpr int n[] = {reduce_slots_v<Cs>..., 0};
        std::array<int, sizeof...(Cs) + 1> o{};
        for (std::size_t i = 0; i < sizeof...(Cs); ++i) o[i + 1] = o[i] + n[i];
        return o;
    }();
    static constexpr int host_slots = first_scalar[sizeof...(Cs)];
    static constexpr char const* name = All ? "terminate_all" : "terminate_any";
    static constexpr auto hyperparameters() { return std::tuple{field{"criteria", &terminate_combination::criteria}}; }

    template <class C>
    bool criterion(C& ctx, double* scalars, int first_slot) const {
        bool hits[sizeof...(Cs)] = {};
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            ((hits[I] = criteria.template get<I>().chain.template get<0>().criterion(
                  ctx, scalars + first_scalar[I] + 1, first_slot + criteria.first_slot[I])),
             ...);
        }(std::index_sequence_for<Cs...>{});
        bool all = true, any = false;
        for (bool hit : hits) all &= hit, any |= hit;
        return All ? all : any;
    }
    /// The criteria's own math: identities, and terminate_by_update_norm's slot.
    template <class V, int N, class K>
    TZERO_HD V apply(V u, element<V, N> const& e, K const& k) const {
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (criteria.template value<I>(k, u, e), ...);
        }(std::index_sequence_for<Cs...>{});
        return u;
    }
};

template <bool All, class... Cs>
constexpr auto make_terminate_combination(Cs const&... cs) {
    return terminate_combination<All, operands<branch<chain<Cs>>...>>{make_operands(cs...)};
}

}  // namespace tzero::detail
