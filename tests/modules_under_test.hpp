// Every module, in the configurations the conformance suites run (modules/all_modules.cpp,
// backends/cuda/emulate.cpp and, under nvcc, backends/cuda/gpu.cu), like optax's
// _OPTIMIZERS_UNDER_TEST. Only module headers: nvcc compiles this too.
#pragma once
#include <tuple>

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

namespace tzero_test {

inline auto modules_under_test() {
    using namespace tzero;
    return std::make_tuple(
        lr(0.1), sign(), clip_value(0.5), clip_norm(1.0), clip_norm(1.0, global), adam(),
        adam{.beta1 = 0.5, .eps = 1e-3, .eps_at = adam_eps::torch}, rmsprop(), rmsprop(0.9, 1e-8, centered),
        rmsprop{.debias = true, .init = rmsprop_init::update}, adagrad{.lr_decay = 0.1, .initial_accumulator_value = 0.1},
        cautious(), cautious(normalized), cautious{.mode = cautious_mode::grad},
        cautious{.mode = cautious_mode::backtrack}, weight_decay(0.1), weight_decay{.weight_decay = 0.1, .ord = 1}, ema(),
        ema{.debias = true, .init = ema_init::update}, heavy_ball(), nag(), nag{.lerp = true});
}

}  // namespace tzero_test
