/// @file tzero/modules/momentum/intermodule_cautious.hpp
/// IntermoduleCautious: cautious() between two chains instead of between the update and the gradient.
///   x = main(u), y = compare(u)          (each a chain run on the update entering the module)
///   mask = [x·y > 0]
///   mode zero:      u ← x · mask
///   mode grad:      u ← x · mask + y · (1 − mask)
///   mode backtrack: u ← x − 2x · (1 − mask)
///   `normalized` (mode zero): u ← x · mask / max(mean(mask), eps), the mean over ALL parameters
/// Both chains are branches (core/branch.hpp): their state lives in this module's slots, main's
/// first, and their math is inlined into the pass. `intermodule_cautious(adam(), sign())` keeps
/// Adam's update where it agrees in sign with the update's own sign.
/// Matches torchzero `tz.m.IntermoduleCautious(main, compare, normalize=False, eps=1e-6,
/// mode="zero")` (modules/momentum/cautious.py). torchzero ignores `normalize` outside mode zero;
/// tzero rejects that combination, as cautious() does.
/// kind: elementwise, or reduce (global) when normalized. state: main's, then compare's.
#pragma once
#include <tuple>
#include <type_traits>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>
#include <tzero/modules/momentum/cautious.hpp>

namespace tzero {

template <operand Main, operand Compare, class Normalize = unnormalized_t>
struct intermodule_cautious {
    static_assert(detail::is_branch<Main> && detail::is_branch<Compare>,
                  "tzero: intermodule_cautious: main and compare must be modules or chains "
                  "(write intermodule_cautious(adam(), sign()))");
    Main main{};
    Compare compare{};
    Normalize normalize{};  ///< `normalized`: divide the kept update by the mask's mean (mode zero)
    double eps = 1e-6;      ///< floor of that mean
    cautious_mode mode = cautious_mode::zero;

    static constexpr bool is_normalized = std::is_same_v<Normalize, normalized_t>;
    using kind = std::conditional_t<is_normalized, reduce, elementwise>;
    using reduce_scope = global_t;
    static constexpr int state_slots = state_slots_of<intermodule_cautious>;
    static constexpr char const* name = "intermodule_cautious";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"main", &intermodule_cautious::main}, field{"compare", &intermodule_cautious::compare},
                          field{"normalize", &intermodule_cautious::normalize},
                          field{"eps", &intermodule_cautious::eps}, field{"mode", &intermodule_cautious::mode}};
    }

    constexpr void validate() const {
        detail::check(eps > 0, "tzero: intermodule_cautious: eps must be > 0", eps);
        detail::check(!is_normalized || mode == cautious_mode::zero,
                      "tzero: intermodule_cautious: normalization applies to mode zero only (drop `normalized` or "
                      "use cautious_mode::zero)",
                      double(int(mode)));
    }

    template <class V, int N>
    TZERO_HD V reduce_term(V u, element<V, N> e, auto const& k) const {
        terms<V, 2> const xy = values(u, e, k);
        return detail::same_sign(xy[0], xy[1]);
    }
    TZERO_HD double finalize(double kept, double count) const { return detail::inverse_mean_floor(kept, count, eps); }
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, auto const& k) const {
        terms<V, 2> const xy = values(u, e, k);
        V const keep = detail::same_sign(xy[0], xy[1]);
        if constexpr (is_normalized) return xy[0] * (keep * e.reduced);
        else return detail::cautious_select(xy[0], xy[1], keep, mode);
    }

    /// main(u) and compare(u), each with its own slots.
    template <class V, int N>
    TZERO_HD terms<V, 2> values(V u, element<V, N> e, auto const& k) const {
        return {{value_of<&intermodule_cautious::main>(*this, k, u, e),
                 value_of<&intermodule_cautious::compare>(*this, k, u, e)}};
    }
};
template <class M, class C>
intermodule_cautious(M, C) -> intermodule_cautious<operand_t<M>, operand_t<C>>;
template <class M, class C, class N>
intermodule_cautious(M, C, N) -> intermodule_cautious<operand_t<M>, operand_t<C>, N>;

}  // namespace tzero
