/// @file tzero/modules/misc/split.hpp
/// Split: each parameter tensor goes through one of two chains, chosen by a predicate on it.
///   u ← if_true(u)    for the tensors where predicate(index, shape) holds
///   u ← if_false(u)   for the others
/// `split(is_matrix, adam() | lr(0.01), sign() | lr(0.001))` (optax's multi_transform): the
/// predicate is a plain function of the tensor's index in the parameter list and its shape, run
/// once per tensor when the optimizer is built (`chain::bind`); write `identity()` for a side that
/// leaves the update alone (torchzero's None). Both chains are branches (core/branch.hpp): their
/// math is inlined into the pass and their state lives in this module's slots, if_true's first;
/// every tensor has the slots of both, the other side's staying zero. A chunk never spans two
/// tensors, so the choice is one branch per chunk, not per element.
/// Mirrors torchzero `tz.m.Split(filter, true, false)` (modules/misc/split.py), whose filter takes
/// the tensor itself; there are no tensor names here, so filters by identity or module become
/// predicates on the index. The chains must be elementwise (a reduce module needs its own pass;
/// put it outside the split). At most `max_tensors` parameter tensors.
/// kind: elementwise. state: if_true's, then if_false's.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <vector>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>

namespace tzero {

/// What split asks of each parameter tensor: its index in the parameter list and its shape.
using split_predicate = bool (*)(std::size_t index, std::vector<std::size_t> const& shape);

/// Tensors with two or more dimensions (torchzero's example filter `lambda x: x.ndim >= 2`).
inline bool is_matrix(std::size_t, std::vector<std::size_t> const& shape) { return shape.size() >= 2; }
/// Tensors with at most one dimension: biases, norms' scales.
inline bool is_vector(std::size_t, std::vector<std::size_t> const& shape) { return shape.size() <= 1; }

template <operand True, operand False>
struct split {
    static_assert(detail::is_branch<True> && detail::is_branch<False>,
                  "tzero: split: both sides must be modules or chains (write split(is_matrix, adam(), identity()))");
    static constexpr std::size_t max_tensors = 4096;

    // Built by a constructor, so not every member is a hyperparameter: the predicate is code and
    // the routes are derived from it and the shapes (checkpoints and describe() show the sides).
    split_predicate predicate = nullptr;  ///< required
    True if_true{};
    False if_false{};
    std::array<std::uint64_t, max_tensors / 64> routes{};  ///< bit t: tensor t goes to if_true (set by bind)

    constexpr split() = default;
    constexpr split(split_predicate p, True const& t, False const& f) : predicate(p), if_true(t), if_false(f) {}

    using kind = elementwise;
    static constexpr int state_slots = state_slots_of<split>;
    static constexpr char const* name = "split";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"if_true", &split::if_true}, field{"if_false", &split::if_false}};
    }

    constexpr void validate() const {
        detail::check(predicate != nullptr,
                      "tzero: split: the predicate is required (write split(is_matrix, adam(), identity()))", 0.0);
    }
    /// Runs the predicate on every tensor (host, once, from the optimizer).
    void bind(std::vector<std::vector<std::size_t>> const& shapes) {
        detail::check(shapes.size() <= max_tensors, "tzero: split: at most 4096 parameter tensors",
                      double(shapes.size()));
        routes = {};
        for (std::size_t t = 0; t < shapes.size(); ++t)
            if (predicate(t, shapes[t])) routes[t / 64] |= std::uint64_t(1) << (t % 64);
    }
    /// Does tensor `t` go through if_true?
    TZERO_HD bool routed(std::uint32_t t) const { return (routes[t / 64] >> (t % 64) & 1) != 0; }

    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, auto const& k) const {
        if (routed(e.at.tensor)) return value_of<&split::if_true>(*this, k, u, e);
        return value_of<&split::if_false>(*this, k, u, e);
    }
};
template <class T, class F>
split(split_predicate, T, F) -> split<operand_t<T>, operand_t<F>>;

}  // namespace tzero
