/// @file tzero/modules/ops/multiply_by_module_norm.hpp
/// MultiplyByModuleNorm and DivideByModuleNorm: one chain's output scaled by the norm of another's.
///   x = input(u), y = norm(u)                    (each a chain run on the update entering it)
///   n = ‖y‖ₚ per tensor, or over all parameters (`global`)
///   u ← x · n                (multiply_by_module_norm)
///   u ← x / n                (divide_by_module_norm; a zero norm gives ±inf or NaN, as torch)
/// Both are branches (core/branch.hpp): their slots are the module's, their math inlined.
/// Matches torchzero `tz.m.MultiplyByModuleNorm(input, norm, tensorwise=True, ord=2)` and
/// `tz.m.DivideByModuleNorm(...)` (modules/ops/multi.py); `global` is tensorwise=False.
/// `ord` is any p, ∞ included, or a named statistic ("std", core/metric.hpp).
/// kind: reduce (the metric's two sums and a maximum of |y|). state: input's and norm's.
#pragma once
#include <tuple>

#include <tzero/core/branch.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>
#include <tzero/modules/detail/vector_norm.hpp>

namespace tzero {

template <bool Divide, class Input, class Norm, class Scope>
struct scale_by_module_norm {
    static_assert(detail::is_branch<Input> && detail::is_branch<Norm>,
                  "tzero: multiply_by_module_norm / divide_by_module_norm: input and norm must be modules or chains");
    Input input;
    Norm norm;
    Scope scope{};   ///< `per_tensor` (torchzero tensorwise=True) or `global`
    metric ord = 2;  ///< the norm's order p, or a statistic ("std")

    using kind = reduce;
    using reduce_scope = Scope;
    static constexpr int reduce_terms = 3;  // the metric's two sums, max ±|y| (detail/vector_norm.hpp)
    static constexpr int reduce_maxima = 1;
    static constexpr int state_slots = state_slots_of<scale_by_module_norm>;
    static constexpr char const* name = Divide ? "divide_by_module_norm" : "multiply_by_module_norm";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"input", &scale_by_module_norm::input}, field{"norm", &scale_by_module_norm::norm},
                          field{"scope", &scale_by_module_norm::scope}, field{"ord", &scale_by_module_norm::ord}};
    }

    constexpr void validate() const {
        detail::check_metric(ord, Divide ? "tzero: divide_by_module_norm: ord must be a number or a name (2 is the "
                                           "L2 norm, \"std\" the standard deviation)"
                                         : "tzero: multiply_by_module_norm: ord must be a number or a name (2 is the "
                                           "L2 norm, \"std\" the standard deviation)");
    }

    template <class V, int N>
    TZERO_HD terms<V, 3> reduce_term(V u, element<V, N> e, auto const& k) const {
        return detail::metric_terms(ord, value_of<&scale_by_module_norm::norm>(*this, k, u, e));
    }
    TZERO_HD double finalize(reduction<3> r) const {
        double const n = detail::metric_of(r.sum, 0, r.count, ord);
        return Divide ? 1 / n : n;
    }
    template <class V, int N>
    TZERO_HD V apply(V u, element<V, N> e, auto const& k) const {
        V const x = value_of<&scale_by_module_norm::input>(*this, k, u, e);
        (void)value_of<&scale_by_module_norm::norm>(*this, k, u, e);  // its state steps too
        return x * e.reduced;
    }
};

/// `input(u) · ‖norm(u)‖`: torchzero's MultiplyByModuleNorm; per tensor unless `global` is given.
template <class I, class N, class Scope = per_tensor_t>
constexpr auto multiply_by_module_norm(I const& input, N const& norm, Scope = {}) {
    return scale_by_module_norm<false, operand_t<I>, operand_t<N>, Scope>{input, norm};
}
/// `input(u) / ‖norm(u)‖`: torchzero's DivideByModuleNorm; per tensor unless `global` is given.
template <class I, class N, class Scope = per_tensor_t>
constexpr auto divide_by_module_norm(I const& input, N const& norm, Scope = {}) {
    return scale_by_module_norm<true, operand_t<I>, operand_t<N>, Scope>{input, norm};
}

}  // namespace tzero
