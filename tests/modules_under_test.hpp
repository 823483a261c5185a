// Every module, in the configurations the conformance suites run (modules/all_modules.cpp,
// backends/cuda/emulate.cpp and, under nvcc, backends/cuda/gpu.cu), like optax's
// _OPTIMIZERS_UNDER_TEST. Only module headers: nvcc compiles this too.
#pragma once
#include <tuple>

#include <tzero/modules/adaptive/adagrad.hpp>
#include <tzero/modules/adaptive/adam.hpp>
#include <tzero/modules/adaptive/amsgrad.hpp>
#include <tzero/modules/adaptive/adan.hpp>
#include <tzero/modules/adaptive/backtrack_on_sign_change.hpp>
#include <tzero/modules/adaptive/lion.hpp>
#include <tzero/modules/adaptive/rmsprop.hpp>
#include <tzero/modules/adaptive/rprop.hpp>
#include <tzero/modules/adaptive/scale_lr_by_sign_change.hpp>
#include <tzero/modules/adaptive/sign_consistency_lrs.hpp>
#include <tzero/modules/adaptive/sign_consistency_mask.hpp>
#include <tzero/modules/clipping/clip_norm.hpp>
#include <tzero/modules/clipping/clip_value.hpp>
#include <tzero/modules/misc/grad_sign.hpp>
#include <tzero/modules/misc/update_sign.hpp>
#include <tzero/modules/momentum/cautious.hpp>
#include <tzero/modules/momentum/ema.hpp>
#include <tzero/modules/momentum/heavy_ball.hpp>
#include <tzero/modules/momentum/nag.hpp>
#include <tzero/modules/ops/abs.hpp>
#include <tzero/modules/ops/accumulate_maximum.hpp>
#include <tzero/modules/ops/accumulate_mean.hpp>
#include <tzero/modules/ops/accumulate_minimum.hpp>
#include <tzero/modules/ops/accumulate_product.hpp>
#include <tzero/modules/ops/accumulate_sum.hpp>
#include <tzero/modules/ops/add.hpp>
#include <tzero/modules/ops/centered_ema_squared.hpp>
#include <tzero/modules/ops/centered_sqrt_ema_squared.hpp>
#include <tzero/modules/ops/clip.hpp>
#include <tzero/modules/ops/copy_sign.hpp>
#include <tzero/modules/ops/debias.hpp>
#include <tzero/modules/ops/debias2.hpp>
#include <tzero/modules/ops/div.hpp>
#include <tzero/modules/ops/ema_squared.hpp>
#include <tzero/modules/ops/exp.hpp>
#include <tzero/modules/ops/fill.hpp>
#include <tzero/modules/ops/grad.hpp>
#include <tzero/modules/ops/identity.hpp>
#include <tzero/modules/ops/lerp.hpp>
#include <tzero/modules/ops/maximum.hpp>
#include <tzero/modules/ops/minimum.hpp>
#include <tzero/modules/ops/mul.hpp>
#include <tzero/modules/ops/nan_to_num.hpp>
#include <tzero/modules/ops/negate.hpp>
#include <tzero/modules/ops/ones.hpp>
#include <tzero/modules/ops/parameters.hpp>
#include <tzero/modules/ops/pow.hpp>
#include <tzero/modules/ops/rcopy_sign.hpp>
#include <tzero/modules/ops/rdiv.hpp>
#include <tzero/modules/ops/reciprocal.hpp>
#include <tzero/modules/ops/rpow.hpp>
#include <tzero/modules/ops/rsub.hpp>
#include <tzero/modules/ops/sign.hpp>
#include <tzero/modules/ops/sqrt_ema_squared.hpp>
#include <tzero/modules/ops/sub.hpp>
#include <tzero/modules/ops/threshold.hpp>
#include <tzero/modules/ops/zeros.hpp>
#include <tzero/modules/step_size/lr.hpp>
#include <tzero/modules/weight_decay/weight_decay.hpp>

namespace tzero_test {

inline auto modules_under_test() {
    using namespace tzero;
    return std::make_tuple(
        lr(0.1), sign(), clip_value(0.5), clip_norm(1.0), clip_norm(1.0, global), adam(),
        adam{.beta1 = 0.5, .eps = 1e-3, .eps_at = adam_eps::torch}, rmsprop(), rmsprop(0.9, 1e-8, centered),
        rmsprop{.debias = true, .init = rmsprop_init::update}, adagrad{.lr_decay = 0.1, .initial_accumulator_value = 0.1},
        lion(), lion{.beta1 = 0.5, .beta2 = 0.9}, adan(), adan{.beta1 = 0.5, .beta2 = 0.7, .beta3 = 0.9, .eps = 1e-3},
        rprop(), rprop{.lb = 0.1, .ub = 2, .backtrack = false, .alpha = 0.5}, sign_consistency_mask(),
        sign_consistency_lrs(), scale_lr_by_sign_change(), scale_lr_by_sign_change{.lb = 0.1, .ub = 2, .use_grad = true},
        backtrack_on_sign_change(), backtrack_on_sign_change{.use_grad = true, .backtrack = false},
        amsgrad(), amsgrad{.beta2 = 0.5, .eps_at = adam_eps::torch},
        cautious(), cautious(normalized), cautious{.mode = cautious_mode::grad},
        cautious{.mode = cautious_mode::backtrack}, weight_decay(0.1), weight_decay{.weight_decay = 0.1, .ord = 1}, ema(),
        ema{.debias = true, .init = ema_init::update}, heavy_ball(), nag(), nag{.lerp = true},
        // ops; tzero:: where C's math functions share the name. Not here: sqrt (NaN for adam's
        // negative steps; tests/modules/ops/sqrt.cpp runs it behind abs through the same checks)
        tzero::abs(), negate(), reciprocal(), tzero::exp(), tzero::pow(2), tzero::pow(3), add(0.1),
        add(1.0, -0.5), sub(0.1), mul(-2), tzero::div(4), clip(-0.5, 0.25), clip{.max = 0.1},
        threshold(0.1, 0), threshold{.threshold = 0, .value = -1, .update_above = false}, nan_to_num(), fill(0.25),
        zeros(), ones(), grad(), parameters(), identity(), ema_squared(), ema_squared{.beta = 0.5, .pow = 1},
        sqrt_ema_squared(), sqrt_ema_squared{.beta = 0.9, .debiased = true, .pow = 3}, centered_ema_squared(),
        centered_sqrt_ema_squared{.beta = 0.9, .debiased = true}, debias{.beta1 = 0.9, .beta2 = 0.999},
        debias{.beta1 = 0.5, .alpha = 2, .pow = 3}, debias2(), accumulate_sum(), accumulate_sum{.decay = 0.5},
        accumulate_mean(), accumulate_mean{.decay = 0.25}, accumulate_maximum(), accumulate_maximum{.decay = 0.5},
        accumulate_minimum(), accumulate_minimum{.decay = 0.5}, accumulate_product(), accumulate_product{.decay = 0.5},
        // misc
        grad_sign(), update_sign(),
        // combinators: chains inside a module, their state and math inlined (core/branch.hpp)
        tzero::lerp(adam(), 0.5), tzero::lerp(ema() | cautious() | weight_decay(0.1), 0.25), copy_sign(ema()),
        rcopy_sign(heavy_ball() | lr(2)), maximum(negate()), minimum(ema(0.5)), rsub(0.5), rsub(nag()),
        rpow(0.5), rpow(tzero::abs() | add(1.0)), rdiv(add(2.0) | tzero::abs()), add(ema(), 0.5),
        sub(heavy_ball() | mul(0.5)), mul(tzero::abs() | add(1.0)), tzero::div(tzero::abs() | add(1.0)),
        tzero::pow(zeros() | add(2.0)));
}

}  // namespace tzero_test
