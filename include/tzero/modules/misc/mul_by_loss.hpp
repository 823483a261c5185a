/// @file tzero/modules/misc/mul_by_loss.hpp
/// MulByLoss: the update times the loss.
///   u ← u · max(α·f, min_value)        (f: the loss given to `step(grads, loss)`)
/// Matches torchzero `tz.m.MulByLoss(alpha=1, min_value=1e-16, backward=True)`
/// (modules/misc/misc.py); `backward` only says whether torchzero's closure backpropagates when
/// it evaluates the loss, and here the loss is given, so it is not a hyperparameter. The factor
/// is formed once per step in double. div_by_loss (misc/div_by_loss.hpp) is the same module
/// dividing.
/// kind: elementwise. state: none. reads: the loss (its chain is stepped with `step(grads, loss)`,
/// and it cannot be a branch of another module).
#pragma once
#include <tuple>

#include <tzero/core/error.hpp>
#include <tzero/core/module.hpp>

namespace tzero {
namespace detail {
/// mul_by_loss and div_by_loss: one factor, max(α·f, min_value), used either way.
template <bool Divide>
struct scale_by_loss {
    double alpha = 1;          ///< α
    double min_value = 1e-16;  ///< floor of α·f

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr char const* name = Divide ? "div_by_loss" : "mul_by_loss";
    static constexpr auto hyperparameters() {
        return std::tuple{field{"alpha", &scale_by_loss::alpha}, field{"min_value", &scale_by_loss::min_value}};
    }

    constexpr void validate() const {
        detail::check(alpha - alpha == 0,
                      Divide ? "tzero: div_by_loss: alpha must be a finite number (write div_by_loss{.alpha = 1})"
                             : "tzero: mul_by_loss: alpha must be a finite number (write mul_by_loss{.alpha = 1})",
                      alpha);
        detail::check(min_value == min_value,
                      Divide ? "tzero: div_by_loss: min_value must be a number"
                             : "tzero: mul_by_loss: min_value must be a number",
                      min_value);
    }
    struct coeffs {
        double factor;  ///< max(α·f, min_value), or its reciprocal when dividing
    };
    coeffs per_step(long, double loss) const {
        double const scaled = loss * alpha;
        double const factor = min_value > scaled ? min_value : scaled;  // Python's max: a NaN loss stays NaN
        return {Divide ? 1 / factor : factor};
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0>, coeffs const& k) const {
        return u * V(k.factor);
    }
};
}  // namespace detail

using mul_by_loss = detail::scale_by_loss<false>;

}  // namespace tzero
