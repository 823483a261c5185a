/// @file tzero/modules/misc/div_by_loss.hpp
/// DivByLoss: the update divided by the loss.
///   u ← u / max(α·f, min_value)        (f: the loss given to `step(grads, loss)`)
/// Matches torchzero `tz.m.DivByLoss(alpha=1, min_value=1e-16, backward=True)`
/// (modules/misc/misc.py); `backward` is not a hyperparameter here (the loss is given). The
/// factor 1 / max(α·f, min_value) is formed once per step in double; the module is mul_by_loss's
/// (misc/mul_by_loss.hpp), dividing.
/// kind: elementwise. state: none. reads: the loss (its chain is stepped with `step(grads, loss)`).
#pragma once
#include <tzero/modules/misc/mul_by_loss.hpp>

namespace tzero {

using div_by_loss = detail::scale_by_loss<true>;

}  // namespace tzero
