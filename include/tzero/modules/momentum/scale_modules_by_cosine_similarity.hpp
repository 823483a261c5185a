/// @file tzero/modules/momentum/scale_modules_by_cosine_similarity.hpp
/// ScaleModulesByCosineSimilarity: one chain's output times its cosine similarity with another's.
///   x = main(u), y = compare(u)          (each a chain run on the update entering the module)
///   c = x·y / max(‖x‖·‖y‖, eps)          (dot product and norms over ALL parameters)
///   u ← x · c
/// Both chains are branches (core/branch.hpp): their state lives in this module's slots, main's
/// first, and their math is inlined; `scale_modules_by_cosine_similarity(adam(), rmsprop())` is
/// Adam scaled by how much it agrees with RMSprop.
/// Matches torchzero `tz.m.ScaleModulesByCosineSimilarity(main, compare, eps=1e-6)`
/// (modules/momentum/cautious.py).
/// kind: reduce (global; three sums: x·y, ‖x‖², ‖y‖²). state: main's, then compare's.
#pragma once
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/modules/detail/cosine_similarity.hpp>

namespace tzero {

template <operand Main, operand Compare>
struct scale_modules_by_cosine_similarity {
    static_assert(detail::is_branch<Main> && detail::is_branch<Compare>,
                  "tzero: scale_modules_by_cosine_similarity: main and compare must be modules or chains "
                  "(write scale_modules_by_cosine_similarity(adam(), rmsprop()))");
    Main main{};
    Compare compare{};
    double eps = 1e-6;  ///< floor of ‖x‖·‖y‖

    using kind = reduce;
    using reduce_scope = global_t;
    static constexpr int state_slots = state_slots_of<scale_modules_by_cosine_similarity>;
    static constexpr int reduce_terms = 3;  // x·y, ‖x‖², ‖y‖²
    static constexpr char const* name = "scale_modules_by_cosine_similarity";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"main", &scale_modules_by_cosine_similarity::main},
                          field{"compare", &scale_modules_by_cosine_similarity::compare},
                          field{"eps", &scale_modules_by_cosine_similarity::eps}};
    }

    constexpr void validate() const {
        detail::check(eps > 0, "tzero: scale_modules_by_cosine_similarity: eps must be > 0 (write eps = 1e-6)", eps);
    }

    template <class V, int N>
    TZERO_HD terms<V, 3> reduce_term(V u, element<V, N> e, auto const& k) const {
        return detail::cosine_terms(value_of<&scale_modules_by_cosine_similarity::main>(*this, k, u, e),
                                    value_of<&scale_modules_by_cosine_similarity::compare>(*this, k, u, e));
    }
    TZERO_HD double finalize(reduction<3> r) const { return detail::cosine_of(r.sum, eps); }
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, auto const& k) const {
        V const x = value_of<&scale_modules_by_cosine_similarity::main>(*this, k, u, e);
        (void)value_of<&scale_modules_by_cosine_similarity::compare>(*this, k, u, e);  // its state steps too
        return x * e.reduced;
    }
};
template <class M, class C>
scale_modules_by_cosine_similarity(M, C) -> scale_modules_by_cosine_similarity<operand_t<M>, operand_t<C>>;
template <class M, class C>
scale_modules_by_cosine_similarity(M, C, double) -> scale_modules_by_cosine_similarity<operand_t<M>, operand_t<C>>;

}  // namespace tzero
