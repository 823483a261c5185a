/// @file tzero/tzero.hpp
/// The one include for users: the core, every module, and the CPU optimizer.
/// Nothing inside tzero includes this header.
#pragma once

#include <tzero/core/branch.hpp>
#include <tzero/core/chain.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/plan.hpp>
#include <tzero/core/tensor_view.hpp>

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
#include <tzero/modules/momentum/cautious.hpp>
#include <tzero/modules/momentum/ema.hpp>
#include <tzero/modules/momentum/heavy_ball.hpp>
#include <tzero/modules/momentum/nag.hpp>
#include <tzero/modules/ops/abs.hpp>
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
#include <tzero/modules/ops/sqrt.hpp>
#include <tzero/modules/ops/sqrt_ema_squared.hpp>
#include <tzero/modules/ops/sub.hpp>
#include <tzero/modules/ops/threshold.hpp>
#include <tzero/modules/ops/zeros.hpp>
#include <tzero/modules/step_size/lr.hpp>
#include <tzero/modules/weight_decay/weight_decay.hpp>

#include <tzero/optimizer.hpp>
