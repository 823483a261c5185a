/// @file tzero/tzero.hpp
/// The one include for users: the core, every module, and the CPU optimizer.
/// Nothing inside tzero includes this header.
#pragma once

#include <tzero/core/chain.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/plan.hpp>
#include <tzero/core/tensor_view.hpp>

#include <tzero/modules/adaptive/adagrad.hpp>
#include <tzero/modules/adaptive/adam.hpp>
#include <tzero/modules/adaptive/rmsprop.hpp>
#include <tzero/modules/clipping/clip_norm.hpp>
#include <tzero/modules/clipping/clip_value.hpp>
#include <tzero/modules/momentum/cautious.hpp>
#include <tzero/modules/momentum/ema.hpp>
#include <tzero/modules/momentum/heavy_ball.hpp>
#include <tzero/modules/momentum/nag.hpp>
#include <tzero/modules/ops/sign.hpp>
#include <tzero/modules/step_size/lr.hpp>
#include <tzero/modules/weight_decay/weight_decay.hpp>

#include <tzero/optimizer.hpp>
