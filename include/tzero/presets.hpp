/// @file tzero/presets.hpp
/// Named optimizers as chains of modules, like optax's aliases: `tzero::presets::adamw(1e-3, 0.01)`
/// is nothing but `adam{.eps_at = adam_eps::torch} | weight_decay(0.01) | lr(1e-3)`, a chain
/// whose modules keep their names (`opt.chain().get<lr>().lr = 5e-4`), whose plan is the chain's
/// plan, and which composes with `|` like any other chain.
///
/// They live in `tzero::presets` so they never hide a module (`adam` the module, `presets::adam`
/// the preset); this header is not part of `<tzero/tzero.hpp>`. Each takes torch.optim's
/// hyperparameters with torch.optim's defaults; the first may be a schedule
/// (`presets::adamw(cosine_schedule{...})`). A choice that changes the chain's type (momentum,
/// Nesterov, centering, AMSGrad, normalized caution) is a tag argument or an overload.
///
/// torch.optim's `weight_decay=` on SGD, Adam, RMSprop and Adagrad is an L2 term added to the
/// gradient before anything else: write it in front, `weight_decay(wd) | presets::sgd(0.1, 0.9)`
/// (tests/presets.cpp checks that this matches torch). Only the decoupled decays of AdamW, Lion
/// and cautious AdamW, which must sit inside the chain, are parameters of a preset.
/// docs/presets.md tabulates every preset with its torch.optim and torchzero spellings.
#pragma once
#include <concepts>

#include <tzero/core/chain.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/schedule.hpp>
#include <tzero/modules/adaptive/adagrad.hpp>
#include <tzero/modules/adaptive/adam.hpp>
#include <tzero/modules/adaptive/lion.hpp>
#include <tzero/modules/adaptive/rmsprop.hpp>
#include <tzero/modules/clipping/clip_value.hpp>
#include <tzero/modules/momentum/cautious.hpp>
#include <tzero/modules/momentum/ema.hpp>
#include <tzero/modules/momentum/nag.hpp>
#include <tzero/modules/step_size/lr.hpp>
#include <tzero/modules/weight_decay/weight_decay.hpp>

namespace tzero::presets {

/// Tag for `sgd(lr, momentum, nesterov)`: Nesterov momentum (`nag`) instead of heavy ball (`ema`).
struct nesterov_t {
    static constexpr char const* name = "nesterov";
};
inline constexpr nesterov_t nesterov{};

namespace detail {
/// What a preset's learning rate may be: anything `lr(x)` takes (a number or a schedule).
template <class Lr>
concept learning_rate = scalar_or_schedule<scalar_or_schedule_t<Lr>>;
template <class T, class... Tags>
concept one_of = (std::same_as<T, Tags> || ...);
}  // namespace detail

/// Adam: `adam{.beta1, .beta2, .eps, .eps_at = adam_eps::torch} | lr(lr)`.
///   torch.optim: `torch.optim.Adam(params, lr, betas=(beta1, beta2), eps, amsgrad)`: the same
///   math (ε added to the debiased √v̂); `amsgrad_on` for `amsgrad=True` (`adam{…}.with_amsgrad()`).
///   torchzero:   `tz.Modular(params, tz.m.Adam(beta1, beta2, eps), tz.m.LR(lr))`, which adds ε
///   to √v before debiasing (tzero's default `adam()`): ε/√(1 − β2ᵗ) on torch's scale.
/// torch's `weight_decay=wd` (L2, coupled): `weight_decay(wd) | presets::adam(...)`.
template <detail::learning_rate Lr = double, amsgrad_tag Amsgrad = amsgrad_off_t>
constexpr auto adam(Lr lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, Amsgrad = {}) {
    using adam_t = basic_adam<std::same_as<Amsgrad, amsgrad_on_t>>;
    return adam_t{.beta1 = beta1, .beta2 = beta2, .eps = eps, .eps_at = adam_eps::torch} | tzero::lr(lr);
}

/// AdamW (Loshchilov & Hutter 2019), Adam with decoupled weight decay:
/// `adam{.beta1, .beta2, .eps, .eps_at = adam_eps::torch} | weight_decay(weight_decay) | lr(lr)`.
/// The decay sits after Adam and before `lr`, so u = lr·(Adam(g) + wd·p) and p ← p − u, which
/// is torch's p ← p·(1 − lr·wd) followed by p ← p − lr·Adam(g), up to rounding.
///   torch.optim: `torch.optim.AdamW(params, lr, betas=(beta1, beta2), eps, weight_decay, amsgrad)`:
///   matches it (defaults included); `amsgrad_on` for `amsgrad=True` (`adam{…}.with_amsgrad()`).
///   torchzero:   `tz.Modular(params, tz.m.Adam(beta1, beta2, eps), tz.m.WeightDecay(weight_decay),
///   tz.m.LR(lr))`, which differs only by its ε placement (see `presets::adam`).
template <detail::learning_rate Lr = double, amsgrad_tag Amsgrad = amsgrad_off_t>
constexpr auto adamw(Lr lr = 1e-3, double weight_decay = 1e-2, double beta1 = 0.9, double beta2 = 0.999,
                     double eps = 1e-8, Amsgrad = {}) {
    using adam_t = basic_adam<std::same_as<Amsgrad, amsgrad_on_t>>;
    return adam_t{.beta1 = beta1, .beta2 = beta2, .eps = eps, .eps_at = adam_eps::torch} |
           tzero::weight_decay(weight_decay) | tzero::lr(lr);
}

/// Plain gradient descent: `lr(lr)` as a one-module chain.
///   torch.optim: `torch.optim.SGD(params, lr)`.   torchzero: `tz.Modular(params, tz.m.LR(lr))`.
template <detail::learning_rate Lr>
constexpr auto sgd(Lr lr) {
    return as_chain(tzero::lr(lr));
}

/// SGD with heavy-ball momentum: `ema{.momentum, .dampening, .lerp = false} | lr(lr)`, that is
/// buf ← μ·buf + (1 − dampening)·g from buf = 0, and p ← p − lr·buf.
///   torch.optim: `torch.optim.SGD(params, lr, momentum, dampening)`: matches it for dampening 0
///   (the default). With dampening τ > 0 torch starts the buffer at the undamped g₁ where the
///   preset has (1 − τ)·g₁; the buffers then differ by τ·μᵗ⁻¹·g₁, which fades geometrically.
///   torchzero:   `tz.Modular(params, tz.m.EMA(momentum, dampening, lerp=False), tz.m.LR(lr))`.
///   (`heavy_ball`, torchzero's HeavyBall, starts at the first update: its first step is (1 + μ)·g₁.)
/// torch's `weight_decay=wd`: `weight_decay(wd) | presets::sgd(lr, momentum)`.
template <detail::learning_rate Lr>
constexpr auto sgd(Lr lr, double momentum, double dampening = 0) {
    return ema{.momentum = momentum, .dampening = dampening, .lerp = false, .init = ema_init::zeros} | tzero::lr(lr);
}

/// SGD with Nesterov momentum: `nag{.momentum} | lr(lr)`, buf ← μ·buf + g, u = lr·(g + μ·buf).
///   torch.optim: `torch.optim.SGD(params, lr, momentum, nesterov=True)`: matches it.
///   torchzero:   `tz.Modular(params, tz.m.NAG(momentum), tz.m.LR(lr))`.
/// torch's `weight_decay=wd`: `weight_decay(wd) | presets::sgd(lr, momentum, nesterov)`.
template <detail::learning_rate Lr>
constexpr auto sgd(Lr lr, double momentum, nesterov_t) {
    return nag{.momentum = momentum} | tzero::lr(lr);
}

/// Lion (Chen et al. 2023), sign of an interpolated momentum with decoupled weight decay:
/// `lion{.beta1, .beta2} | weight_decay(weight_decay) | lr(lr)`, that is
/// u = lr·(sign(β1·m + (1 − β1)·g) + wd·p), then m ← β2·m + (1 − β2)·g.
///   torch.optim: none in torch 1.13; the paper's p ← p·(1 − lr·wd) − lr·sign(…), as
///   lion-pytorch's `Lion(params, lr, betas=(beta1, beta2), weight_decay)`, whose defaults these are.
///   torchzero:   `tz.Modular(params, tz.m.Lion(beta1, beta2), tz.m.WeightDecay(weight_decay),
///   tz.m.LR(lr))`: matches it.
template <detail::learning_rate Lr = double>
constexpr auto lion(Lr lr = 1e-4, double weight_decay = 0, double beta1 = 0.9, double beta2 = 0.99) {
    return tzero::lion{.beta1 = beta1, .beta2 = beta2} | tzero::weight_decay(weight_decay) | tzero::lr(lr);
}

/// RMSprop: `rmsprop{.smoothing = alpha, .eps, .centered} | lr(lr)`, that is
/// v ← α·v + (1 − α)·g², p ← p − lr·g / (√v + ε), ε outside the root as in torch; `centered`
/// subtracts the square of an average of g under the root (torch's `centered=True`).
///   torch.optim: `torch.optim.RMSprop(params, lr, alpha, eps, centered)`: matches it.
///   torchzero:   `tz.Modular(params, tz.m.RMSprop(alpha, eps, centered), tz.m.LR(lr))`.
/// torch's `weight_decay=wd`: `weight_decay(wd) | presets::rmsprop(...)`.
template <detail::learning_rate Lr = double, detail::one_of<uncentered_t, centered_t> Centered = uncentered_t>
constexpr auto rmsprop(Lr lr = 1e-2, double alpha = 0.99, double eps = 1e-8, Centered = {}) {
    return tzero::rmsprop<Centered>{.smoothing = alpha, .eps = eps} | tzero::lr(lr);
}

/// RMSprop with momentum on its output: `rmsprop{…} | ema{.momentum, .lerp = false} | lr(lr)`,
/// torch's buf ← μ·buf + g / (√v + ε), p ← p − lr·buf.
///   torch.optim: `torch.optim.RMSprop(params, lr, alpha, eps, momentum=momentum, centered)`:
///   matches it (note torch's positional order puts weight_decay before momentum).
///   torchzero:   `tz.Modular(params, tz.m.RMSprop(alpha, eps, centered), tz.m.EMA(momentum,
///   lerp=False), tz.m.LR(lr))`.
template <detail::learning_rate Lr, detail::one_of<uncentered_t, centered_t> Centered = uncentered_t>
constexpr auto rmsprop(Lr lr, double alpha, double eps, double momentum, Centered = {}) {
    return tzero::rmsprop<Centered>{.smoothing = alpha, .eps = eps} |
           ema{.momentum = momentum, .lerp = false, .init = ema_init::zeros} | tzero::lr(lr);
}

/// Adagrad: `adagrad{.lr_decay, .initial_accumulator_value, .eps} | lr(lr)`, that is
/// s ← s + g² from s = initial_accumulator_value, p ← p − lr/(1 + (t − 1)·lr_decay) · g/(√s + ε).
///   torch.optim: `torch.optim.Adagrad(params, lr, lr_decay, initial_accumulator_value=…, eps)`:
///   matches it (torch's positional order puts weight_decay after lr_decay).
///   torchzero:   `tz.Modular(params, tz.m.Adagrad(lr_decay, initial_accumulator_value, eps),
///   tz.m.LR(lr))`.
/// torch's `weight_decay=wd`: `weight_decay(wd) | presets::adagrad(...)`.
template <detail::learning_rate Lr = double>
constexpr auto adagrad(Lr lr = 1e-2, double lr_decay = 0, double initial_accumulator_value = 0, double eps = 1e-10) {
    return tzero::adagrad{.lr_decay = lr_decay, .initial_accumulator_value = initial_accumulator_value, .eps = eps} |
           tzero::lr(lr);
}

/// Cautious AdamW (C-AdamW, Liang et al. 2024): AdamW whose Adam step is kept only where it
/// agrees in sign with the gradient: `adam{…} | cautious() | weight_decay(weight_decay) | lr(lr)`,
/// one pass; the decay is AdamW's (scaled by lr, not masked). With `normalized` the kept step is
/// divided by the fraction kept over all parameters (floored at 1e-6): two passes.
/// Adam adds ε to √v before debiasing (tzero's and torchzero's default form, as the paper's code
/// does on its single-tensor path, built on transformers' AdamW), not after as `presets::adamw`.
///   torch.optim: none.
///   torchzero:   `tz.Modular(params, tz.m.Adam(beta1, beta2, eps), tz.m.Cautious(),
///   tz.m.WeightDecay(weight_decay), tz.m.LR(lr))`: matches it; `normalized` is
///   `tz.m.Cautious(normalize=True)`. The paper's code normalizes per tensor instead (docs/presets.md).
template <detail::learning_rate Lr = double, detail::one_of<unnormalized_t, normalized_t> Normalize = unnormalized_t>
constexpr auto cautious_adamw(Lr lr = 1e-3, double weight_decay = 1e-2, double beta1 = 0.9, double beta2 = 0.999,
                              double eps = 1e-8, Normalize = {}) {
    return tzero::adam{.beta1 = beta1, .beta2 = beta2, .eps = eps} | cautious<Normalize>{} |
           tzero::weight_decay(weight_decay) | tzero::lr(lr);
}

/// The seed chain, cautious Adam on clipped gradients with fully decoupled weight decay
/// (examples/mlp_cautious_adam.cpp):
/// `clip_value(clip) | adam() | lr(lr) | cautious() | weight_decay(weight_decay)`, one pass of
/// 28 B per fp32 element. The decay comes after `lr`, so it is p ← p − wd·p per step whatever lr is.
///   torch.optim: none.
///   torchzero:   `tz.Modular(params, tz.m.ClipValue(clip), tz.m.Adam(), tz.m.LR(lr),
///   tz.m.Cautious(), tz.m.WeightDecay(weight_decay))`: matches it.
template <detail::learning_rate Lr = double>
constexpr auto seed(Lr lr = 1e-1, double weight_decay = 1e-4, double clip = 1) {
    return clip_value(clip) | tzero::adam() | tzero::lr(lr) | cautious() | tzero::weight_decay(weight_decay);
}

}  // namespace tzero::presets
