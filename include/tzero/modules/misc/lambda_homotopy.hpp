/// @file tzero/modules/misc/lambda_homotopy.hpp
/// LambdaHomotopy: the chain minimizes fn(f) in place of the closure's f.
///   loss ← fn(f),   g ← derivative(f)·∇f
/// torchzero differentiates fn with autograd; C++ has none, so the derivative is the second
/// argument: `lambda_homotopy([](double f) { return std::log1p(f); }, [](double f) { return 1 / (1 + f); })`
/// (lambdas without captures, or functions). Each evaluation is one closure call and one pass over
/// the gradient (modules/detail/homotopy.hpp); `step(closure)` returns the closure's first f, as
/// torchzero's. The functions are code, not hyperparameters: `describe` prints neither and a
/// checkpoint stores neither (torchzero's state_dict does not either). Matches torchzero
/// `tz.m.LambdaHomotopy(fn)` (modules/misc/homotopy.py).
/// kind: gradient approximator (first in its chain; step with `step(closure)`). state: none.
#pragma once
#include <tzero/core/error.hpp>
#include <tzero/modules/detail/homotopy.hpp>

namespace tzero {

struct lambda_homotopy {
    double (*fn)(double) = nullptr;          ///< h, the loss the chain minimizes, of the closure's f
    double (*derivative)(double) = nullptr;  ///< h′

    using kind = elementwise;
    static constexpr int state_slots = 0;
    static constexpr bool approximates_gradient = true;
    static constexpr bool reshapes_loss = true;  // a line search's loss-only trials call `loss`
    static constexpr char const* name = "lambda_homotopy";

    constexpr void validate() const {
        if (fn == nullptr || derivative == nullptr)
            throw error(
                "tzero: lambda_homotopy: fn and derivative must both be functions (C++ has no autograd: "
                "pass h and its derivative h')");
    }

    /// fn(f) at the parameters, derivative(f)·∇f into the estimate's buffer.
    template <class C>
    double estimate(C& ctx) const {
        return detail::homotopy_estimate(ctx, fn, derivative);
    }
    /// fn(f) alone (a line search's loss-only trial).
    template <class C>
    double loss(C& ctx) const {
        return fn(ctx.value());
    }
    template <class V>
    TZERO_HD V apply(V u, element<V, 0>, no_coeffs) const {
        return u;
    }
};

}  // namespace tzero
