// Every module, in the configurations the suites over every module run (every_module/: the
// conformance, checkpoint and CUDA emulation suites; under nvcc, backends/cuda/gpu_modules.cu),
// like optax's _OPTIMIZERS_UNDER_TEST. Only module headers: nvcc compiles this too.
#pragma once
#include <array>
#include <cstddef>
#include <limits>
#include <tuple>
#include <utility>
#include <vector>

// Every module header (begin: written by scripts/generate)
#include <tzero/modules/adaptive/adagrad.hpp>
#include <tzero/modules/adaptive/adagrad_norm.hpp>
#include <tzero/modules/adaptive/adahessian.hpp>
#include <tzero/modules/adaptive/adam.hpp>
#include <tzero/modules/adaptive/adan.hpp>
#include <tzero/modules/adaptive/adaptive_heavy_ball.hpp>
#include <tzero/modules/adaptive/aegd.hpp>
#include <tzero/modules/adaptive/asam.hpp>
#include <tzero/modules/adaptive/backtrack_on_sign_change.hpp>
#include <tzero/modules/adaptive/esgd.hpp>
#include <tzero/modules/adaptive/lion.hpp>
#include <tzero/modules/adaptive/mars_correction.hpp>
#include <tzero/modules/adaptive/ortho_grad.hpp>
#include <tzero/modules/adaptive/rmsprop.hpp>
#include <tzero/modules/adaptive/rprop.hpp>
#include <tzero/modules/adaptive/sam.hpp>
#include <tzero/modules/adaptive/scale_lr_by_sign_change.hpp>
#include <tzero/modules/adaptive/sign_consistency_lrs.hpp>
#include <tzero/modules/adaptive/sign_consistency_mask.hpp>
#include <tzero/modules/adaptive/sophia_h.hpp>
#include <tzero/modules/clipping/centralize.hpp>
#include <tzero/modules/clipping/clip_norm.hpp>
#include <tzero/modules/clipping/clip_norm_by_ema.hpp>
#include <tzero/modules/clipping/clip_norm_growth.hpp>
#include <tzero/modules/clipping/clip_value.hpp>
#include <tzero/modules/clipping/clip_value_by_ema.hpp>
#include <tzero/modules/clipping/clip_value_growth.hpp>
#include <tzero/modules/clipping/normalize.hpp>
#include <tzero/modules/conjugate_gradient/conjugate_descent.hpp>
#include <tzero/modules/conjugate_gradient/dai_yuan.hpp>
#include <tzero/modules/conjugate_gradient/dyhs.hpp>
#include <tzero/modules/conjugate_gradient/fletcher_reeves.hpp>
#include <tzero/modules/conjugate_gradient/hager_zhang.hpp>
#include <tzero/modules/conjugate_gradient/hestenes_stiefel.hpp>
#include <tzero/modules/conjugate_gradient/liu_storey.hpp>
#include <tzero/modules/conjugate_gradient/polak_ribiere.hpp>
#include <tzero/modules/grad_approximation/fdm.hpp>
#include <tzero/modules/grad_approximation/forward_gradient.hpp>
#include <tzero/modules/grad_approximation/gaussian_smoothing.hpp>
#include <tzero/modules/grad_approximation/mezo.hpp>
#include <tzero/modules/grad_approximation/randomized_fdm.hpp>
#include <tzero/modules/grad_approximation/rdsa.hpp>
#include <tzero/modules/grad_approximation/spsa.hpp>
#include <tzero/modules/grad_approximation/spsa1.hpp>
#include <tzero/modules/line_search/adaptive_backtracking.hpp>
#include <tzero/modules/line_search/adaptive_bisection.hpp>
#include <tzero/modules/line_search/backtracking.hpp>
#include <tzero/modules/line_search/scipy_minimize_scalar.hpp>
#include <tzero/modules/line_search/strong_wolfe.hpp>
#include <tzero/modules/misc/alternate.hpp>
#include <tzero/modules/misc/div_by_loss.hpp>
#include <tzero/modules/misc/dropout.hpp>
#include <tzero/modules/misc/exp_homotopy.hpp>
#include <tzero/modules/misc/fill_loss.hpp>
#include <tzero/modules/misc/grad_sign.hpp>
#include <tzero/modules/misc/gradient_accumulation.hpp>
#include <tzero/modules/misc/lambda_homotopy.hpp>
#include <tzero/modules/misc/last_absolute_ratio.hpp>
#include <tzero/modules/misc/last_difference.hpp>
#include <tzero/modules/misc/last_grad_difference.hpp>
#include <tzero/modules/misc/last_product.hpp>
#include <tzero/modules/misc/last_ratio.hpp>
#include <tzero/modules/misc/log_homotopy.hpp>
#include <tzero/modules/misc/mul_by_loss.hpp>
#include <tzero/modules/misc/negate_on_loss_increase.hpp>
#include <tzero/modules/misc/noise_sign.hpp>
#include <tzero/modules/misc/perturb_weights.hpp>
#include <tzero/modules/misc/powell_restart.hpp>
#include <tzero/modules/misc/previous.hpp>
#include <tzero/modules/misc/random_hvp.hpp>
#include <tzero/modules/misc/relative.hpp>
#include <tzero/modules/misc/restart_every.hpp>
#include <tzero/modules/misc/restart_on_stuck.hpp>
#include <tzero/modules/misc/split.hpp>
#include <tzero/modules/misc/sqrt_homotopy.hpp>
#include <tzero/modules/misc/square_homotopy.hpp>
#include <tzero/modules/misc/switch_modules.hpp>
#include <tzero/modules/misc/terminate_after_n_evaluations.hpp>
#include <tzero/modules/misc/terminate_after_n_seconds.hpp>
#include <tzero/modules/misc/terminate_after_n_steps.hpp>
#include <tzero/modules/misc/terminate_all.hpp>
#include <tzero/modules/misc/terminate_any.hpp>
#include <tzero/modules/misc/terminate_by_gradient_norm.hpp>
#include <tzero/modules/misc/terminate_by_update_norm.hpp>
#include <tzero/modules/misc/terminate_never.hpp>
#include <tzero/modules/misc/terminate_on_loss_reached.hpp>
#include <tzero/modules/misc/terminate_on_no_improvement.hpp>
#include <tzero/modules/misc/update_sign.hpp>
#include <tzero/modules/misc/weight_dropout.hpp>
#include <tzero/modules/momentum/averaging.hpp>
#include <tzero/modules/momentum/cautious.hpp>
#include <tzero/modules/momentum/ema.hpp>
#include <tzero/modules/momentum/heavy_ball.hpp>
#include <tzero/modules/momentum/intermodule_cautious.hpp>
#include <tzero/modules/momentum/matrix_momentum.hpp>
#include <tzero/modules/momentum/median_averaging.hpp>
#include <tzero/modules/momentum/msam_momentum.hpp>
#include <tzero/modules/momentum/nag.hpp>
#include <tzero/modules/momentum/scale_by_grad_cosine_similarity.hpp>
#include <tzero/modules/momentum/scale_modules_by_cosine_similarity.hpp>
#include <tzero/modules/momentum/update_gradient_sign_consistency.hpp>
#include <tzero/modules/momentum/weighted_averaging.hpp>
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
#include <tzero/modules/ops/clip_modules.hpp>
#include <tzero/modules/ops/copy_sign.hpp>
#include <tzero/modules/ops/debias.hpp>
#include <tzero/modules/ops/debias2.hpp>
#include <tzero/modules/ops/div.hpp>
#include <tzero/modules/ops/div_modules.hpp>
#include <tzero/modules/ops/ema_squared.hpp>
#include <tzero/modules/ops/exp.hpp>
#include <tzero/modules/ops/fill.hpp>
#include <tzero/modules/ops/grad.hpp>
#include <tzero/modules/ops/graft.hpp>
#include <tzero/modules/ops/gram_schmidt.hpp>
#include <tzero/modules/ops/identity.hpp>
#include <tzero/modules/ops/lerp.hpp>
#include <tzero/modules/ops/lerp_modules.hpp>
#include <tzero/modules/ops/maximum.hpp>
#include <tzero/modules/ops/maximum_modules.hpp>
#include <tzero/modules/ops/mean.hpp>
#include <tzero/modules/ops/minimum.hpp>
#include <tzero/modules/ops/minimum_modules.hpp>
#include <tzero/modules/ops/mul.hpp>
#include <tzero/modules/ops/multiply_by_module_norm.hpp>
#include <tzero/modules/ops/nan_to_num.hpp>
#include <tzero/modules/ops/negate.hpp>
#include <tzero/modules/ops/ones.hpp>
#include <tzero/modules/ops/parameters.hpp>
#include <tzero/modules/ops/pow.hpp>
#include <tzero/modules/ops/pow_modules.hpp>
#include <tzero/modules/ops/prod.hpp>
#include <tzero/modules/ops/randn.hpp>
#include <tzero/modules/ops/random_sample.hpp>
#include <tzero/modules/ops/rcopy_sign.hpp>
#include <tzero/modules/ops/rdiv.hpp>
#include <tzero/modules/ops/reciprocal.hpp>
#include <tzero/modules/ops/rpow.hpp>
#include <tzero/modules/ops/rsub.hpp>
#include <tzero/modules/ops/sign.hpp>
#include <tzero/modules/ops/sqrt.hpp>
#include <tzero/modules/ops/sqrt_ema_squared.hpp>
#include <tzero/modules/ops/sub.hpp>
#include <tzero/modules/ops/sub_modules.hpp>
#include <tzero/modules/ops/sum.hpp>
#include <tzero/modules/ops/threshold.hpp>
#include <tzero/modules/ops/uniform.hpp>
#include <tzero/modules/ops/weighted_mean.hpp>
#include <tzero/modules/ops/weighted_sum.hpp>
#include <tzero/modules/ops/zeros.hpp>
#include <tzero/modules/quasi_newton/bfgs.hpp>
#include <tzero/modules/quasi_newton/broyden_bad.hpp>
#include <tzero/modules/quasi_newton/broyden_good.hpp>
#include <tzero/modules/quasi_newton/dfp.hpp>
#include <tzero/modules/quasi_newton/diagonal_bfgs.hpp>
#include <tzero/modules/quasi_newton/diagonal_quasi_cauchi.hpp>
#include <tzero/modules/quasi_newton/diagonal_sr1.hpp>
#include <tzero/modules/quasi_newton/diagonal_weighted_quasi_cauchi.hpp>
#include <tzero/modules/quasi_newton/dnrtr.hpp>
#include <tzero/modules/quasi_newton/fletcher_vmm.hpp>
#include <tzero/modules/quasi_newton/gradient_correction.hpp>
#include <tzero/modules/quasi_newton/greenstadt1.hpp>
#include <tzero/modules/quasi_newton/greenstadt2.hpp>
#include <tzero/modules/quasi_newton/horisho.hpp>
#include <tzero/modules/quasi_newton/icum.hpp>
#include <tzero/modules/quasi_newton/lbfgs.hpp>
#include <tzero/modules/quasi_newton/lsr1.hpp>
#include <tzero/modules/quasi_newton/mccormick.hpp>
#include <tzero/modules/quasi_newton/new_dqn.hpp>
#include <tzero/modules/quasi_newton/new_ssm.hpp>
#include <tzero/modules/quasi_newton/pearson.hpp>
#include <tzero/modules/quasi_newton/projected_newton_raphson.hpp>
#include <tzero/modules/quasi_newton/psb.hpp>
#include <tzero/modules/quasi_newton/sg2.hpp>
#include <tzero/modules/quasi_newton/shor_r.hpp>
#include <tzero/modules/quasi_newton/sr1.hpp>
#include <tzero/modules/quasi_newton/ssvm.hpp>
#include <tzero/modules/quasi_newton/thomas_optimal_method.hpp>
#include <tzero/modules/second_order/improved_newton.hpp>
#include <tzero/modules/second_order/inverse_free_newton.hpp>
#include <tzero/modules/second_order/newton.hpp>
#include <tzero/modules/second_order/newton_cg.hpp>
#include <tzero/modules/step_size/adgd.hpp>
#include <tzero/modules/step_size/barzilai_borwein.hpp>
#include <tzero/modules/step_size/bb_stab.hpp>
#include <tzero/modules/step_size/bold_driver.hpp>
#include <tzero/modules/step_size/lr.hpp>
#include <tzero/modules/step_size/polyak_step_size.hpp>
#include <tzero/modules/step_size/random_step_size.hpp>
#include <tzero/modules/step_size/step_size.hpp>
#include <tzero/modules/step_size/warmup.hpp>
#include <tzero/modules/step_size/warmup_norm_clip.hpp>
#include <tzero/modules/weight_decay/cautious_weight_decay.hpp>
#include <tzero/modules/weight_decay/direct_weight_decay.hpp>
#include <tzero/modules/weight_decay/random_reinitialize.hpp>
#include <tzero/modules/weight_decay/relative_weight_decay.hpp>
#include <tzero/modules/weight_decay/weight_decay.hpp>
// (end: written by scripts/generate)
#include <tzero/schedules/cosine.hpp>
#include <tzero/schedules/exponential_decay.hpp>
#include <tzero/schedules/one_cycle.hpp>

namespace tzero_test {

/// split's predicate in the suites: by index, which every suite sees the same (the reference
/// optimizer sees 1-D shapes).
inline bool odd_tensor(std::size_t index, std::vector<std::size_t> const&) { return index % 2 == 1; }

namespace detail {
/// Calls `f(m)` for each of `m...` whose position modulo `Shards` is `Shard`; the others are
/// built but never passed to `f`, so `f` is instantiated only for this shard's modules.
template <std::size_t Shard, std::size_t Shards, class F, class... Ms>
void visit_shard(F& f, Ms const&... m) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        auto const one = [&]<std::size_t J, class M>(std::integral_constant<std::size_t, J>, M const& x) {
            if constexpr (J % Shards == Shard) f(x);
        };
        (one(std::integral_constant<std::size_t, I>{}, m), ...);
    }(std::index_sequence_for<Ms...>{});
}
}  // namespace detail

/// Calls `f(m)` for every module configuration, in order; `<Shard, Shards>` takes every
/// `Shards`-th from position `Shard`, so a suite over all modules can be split over translation
/// units that compile in parallel (tests/CMakeLists.txt, `tzero_shards`). One call with every
/// module as an argument, not a tuple: nvcc's std::tuple recurses per element and gives up.
template <std::size_t Shard = 0, std::size_t Shards = 1, class F>
void for_each_module_under_test(F&& f) {
    using namespace tzero;
    detail::visit_shard<Shard, Shards>(
        f, lr(0.1), sign(), clip_value(0.5), clip_norm(1.0), clip_norm(1.0, global), adam(),
        // clipping and normalization: reductions, some with persistent scalars
        clip_norm<per_tensor_t>{.max_norm = 0.5, .ord = 3}, normalize(), normalize(0.5, global),
        normalize<per_tensor_t>{.norm_value = 2, .ord = 1}, centralize(), centralize(global), clip_norm_growth(),
        clip_norm(0.5, per_slice(-1)), normalize(2.0, per_slice_except(0), "std", 2), centralize(per_slice(0)),
        clip_norm_growth<global_t>{.add = 0.1, .mul = 1.2}, clip_value_growth(),
        clip_value_growth{.add = 0.05, .mul = 1.2, .max_decay = 4}, clip_value_by_ema(),
        clip_value_by_ema{.beta = 0.5, .init = 1}, mars_correction(),
        mars_correction{.beta = 0.5, .scaling = 0.1, .max_norm = 0.5}, adagrad_norm(),
        adagrad_norm<global_t>{.lr_decay = 0.1, .initial_accumulator_value = 0.1, .beta = 0.9, .use_sqrt = false},
        relative_weight_decay(),
        relative_weight_decay{.ord = 1, .norm_input = relative_norm_input::params, .metric = "std", .cautious = true},
        // grafts: two norms summed in one pass, chains inside
        graft(sign(), identity()), graft(adam(), sign() | lr(0.1), global), graft_input_to_output(ema()),
        graft_output_to_input(sign()), graft_to_grad(), graft_grad_to_update(per_tensor), graft_to_params(),
        multiply_by_module_norm(sign(), ema()), divide_by_module_norm(identity(), grad() | add(1.0), global),
        // several outputs from one reduction: a projection and a factor, a factor for the update and its state
        ortho_grad(), ortho_grad{.eps = 1e-3, .renormalize = false}, msam_momentum(),
        msam_momentum{.lr = 0.1, .momentum = 0.5, .rho = 0.5, .weight_decay = 0.1, .nesterov = true},
        msam_momentum{.lr = 0.1, .lerp = true}, clip_norm_by_ema<>{},
        clip_norm_by_ema<global_t>{.beta = 0.5, .max_ema_growth = 1.1, .init = 0.1}, normalize_by_ema<>{.beta = 0.9},
        clip_norm_by_ema<>{}.with_inner(ema(0.5)), normalize_by_ema<global_t>{.beta = 0.5}.with_inner(sign()),
        adam{.beta1 = 0.5, .eps = 1e-3, .eps_at = adam_eps::torch}, rmsprop(), rmsprop(0.9, 1e-8, centered),
        rmsprop{.debias = true, .init = rmsprop_init::update},
        adagrad{.lr_decay = 0.1, .initial_accumulator_value = 0.1}, lion(), lion{.beta1 = 0.5, .beta2 = 0.9}, adan(),
        adan{.beta1 = 0.5, .beta2 = 0.7, .beta3 = 0.9, .eps = 1e-3}, rprop(),
        rprop{.lb = 0.1, .ub = 2, .backtrack = false, .alpha = 0.5}, sign_consistency_mask(), sign_consistency_lrs(),
        scale_lr_by_sign_change(), scale_lr_by_sign_change{.lb = 0.1, .ub = 2, .use_grad = true},
        backtrack_on_sign_change(), backtrack_on_sign_change{.use_grad = true, .backtrack = false},
        adam().with_amsgrad(), adam{.beta2 = 0.5, .eps_at = adam_eps::torch}.with_amsgrad(),
        adam().with_exp_avg_tfm(clip_value(0.01)).with_exp_avg_sq_tfm(ema(0.5)),
        adam().with_amsgrad().with_exp_avg_sq_tfm(tzero::abs() | add(1.0)),
        adan().with_m_tfm(clip_value(0.01)).with_v_tfm(ema(0.5)).with_n_tfm(tzero::abs() | add(1.0)),
        clip_value_by_ema{.beta = 0.5}.with_inner(ema(0.5)).with_exp_avg_tfm(mul(2.0)),
        adagrad_norm().with_inner(ema(0.5)), adagrad_norm<global_t>{.beta = 0.9}.with_inner(sign()),
        rmsprop{.debias = true}.with_amsgrad().with_inner(ema(0.5)).with_exp_avg_sq_tfm(mul(2.0)),
        rmsprop(0.9, 1e-8, centered).with_amsgrad(), adagrad().with_inner(sign()).with_accumulator_tfm(tzero::sqrt()),
        cautious(), cautious(normalized), cautious{.mode = cautious_mode::grad},
        cautious{.mode = cautious_mode::backtrack}, update_gradient_sign_consistency(),
        update_gradient_sign_consistency(normalized), scale_by_grad_cosine_similarity(),
        intermodule_cautious(ema(), sign()), intermodule_cautious(ema(), heavy_ball(), normalized),
        intermodule_cautious<branch<chain<nag>>, branch<chain<sign>>>{.mode = cautious_mode::grad},
        scale_modules_by_cosine_similarity(ema(), heavy_ball() | sign()), weight_decay(0.1),
        weight_decay<>{.weight_decay = 0.1, .ord = 1}, ema(), ema{.debias = true, .init = ema_init::update},
        heavy_ball(), nag(), nag{.lerp = true},
        // ops; tzero:: where C's math functions share the name. Not here: sqrt (NaN for adam's
        // negative steps; tests/modules/ops/sqrt.cpp runs it behind abs through the same checks)
        tzero::abs(), negate(), reciprocal(), tzero::exp(), tzero::pow(2), tzero::pow(3), add(0.1), add(1.0, -0.5),
        sub(0.1), mul(-2), tzero::div(4), clip(-0.5, 0.25), clip{.max = 0.1}, threshold(0.1, 0),
        threshold{.threshold = 0, .value = -1, .update_above = false}, nan_to_num(), fill(0.25), zeros(), ones(),
        grad(), parameters(), identity(), ema_squared(), ema_squared{.beta = 0.5, .pow = 1}, sqrt_ema_squared(),
        sqrt_ema_squared{.beta = 0.9, .debiased = true, .pow = 3}, centered_ema_squared(),
        centered_sqrt_ema_squared{.beta = 0.9, .debiased = true}, debias{.beta1 = 0.9, .beta2 = 0.999},
        ema_squared{.beta = 0.5}.with_amsgrad(),
        sqrt_ema_squared{.beta = 0.9, .debiased = true, .pow = 3}.with_amsgrad(), centered_ema_squared().with_amsgrad(),
        centered_sqrt_ema_squared{.beta = 0.9, .debiased = true}.with_amsgrad(),
        debias{.beta1 = 0.5, .alpha = 2, .pow = 3}, debias2(), accumulate_sum(), accumulate_sum{.decay = 0.5},
        accumulate_mean(), accumulate_mean{.decay = 0.25}, accumulate_maximum(), accumulate_maximum{.decay = 0.5},
        accumulate_minimum(), accumulate_minimum{.decay = 0.5}, accumulate_product(), accumulate_product{.decay = 0.5},
        // step_size; schedules are host-only data read in per_step (core/schedule.hpp)
        step_size(0.5), warmup{.steps = 3, .start_lr = 0.1, .end_lr = 1},
        warmup_norm_clip{.steps = 3, .start_norm = 0.1, .end_norm = 1}, barzilai_borwein(),
        barzilai_borwein{.type = bb_type::short_step, .use_grad = false}, bb_stab(),
        bb_stab{.delta = 0.5, .type = bb_type::long_step}, adgd(), adgd{.variant = 1, .sqrt = false, .use_grad = false},
        barzilai_borwein{.use_grad = false}.with_inner(ema(0.5)), bb_stab().with_inner(sign()),
        adgd{.alpha_0 = std::numeric_limits<double>::quiet_NaN()}.with_inner(ema(0.5)),
        // conjugate_gradient; without a line search the βs of dai_yuan, conjugate_descent and
        // hager_zhang can be large enough to lift fp32's rounding above the suites' tolerance
        // on Adam's updates, so those restart often
        polak_ribiere(), polak_ribiere{.restart_interval = 2, .clip_beta = false},
        fletcher_reeves().with_inner(ema(0.5)), hestenes_stiefel{.restart_interval = 3},
        dai_yuan{.restart_interval = 2}, liu_storey{.clip_beta = true}, conjugate_descent{.restart_interval = 2},
        hager_zhang{.restart_interval = 3, .clip_beta = true}, dyhs().with_inner(sign()),
        // quasi_newton: diagonal methods (a global reduction and M, p′, u′ in place)
        diagonal_bfgs{.restart_interval = 2}, diagonal_sr1{.tol = 1e-4},
        diagonal_sr1{.inverse = false}.with_inner(ema(0.5)),
        new_dqn{.init_scale = 2, .update_freq = 2, .scale_first = true},
        lr(cosine_schedule{.peak_lr = 0.5, .total_steps = 4, .warmup_steps = 1, .init_lr = 0.1}),
        lr(one_cycle{.max_lr = 1, .total_steps = 10}), step_size(exponential_decay{.lr = 1, .gamma = 0.5}),
        weight_decay(exponential_decay{.lr = 0.1, .gamma = 0.9, .transition_steps = 2, .staircase = true}, 1),
        // misc
        grad_sign(), update_sign(), previous<1>{}, previous<3>{}, last_difference(), last_grad_difference(),
        last_product(), last_ratio(), last_ratio{.numerator = ratio_numerator::prev}, last_absolute_ratio(),
        last_absolute_ratio{.numerator = ratio_numerator::prev, .eps = 1e-3}, relative(), relative{.min_value = 0.5},
        gradient_accumulation(2, adam() | lr(0.1)), gradient_accumulation(3, heavy_ball() | lr(0.5), false, false),
        // weight decay and averaging
        direct_weight_decay(0.1), direct_weight_decay{.weight_decay = 0.1, .ord = 3}, cautious_weight_decay(0.1),
        cautious_weight_decay{.weight_decay = 0.1, .ord = 1}, averaging<3>{},
        weighted_averaging<3>{.weights = {0.2, 0.3, 0.5}}, median_averaging<3>{}, median_averaging<4>{},
        // combinators: chains inside a module, their state and math inlined (core/branch.hpp)
        tzero::lerp(adam(), 0.5), tzero::lerp(ema() | cautious() | weight_decay(0.1), 0.25), copy_sign(ema()),
        rcopy_sign(heavy_ball() | lr(2)), maximum(negate()), minimum(ema(0.5)), rsub(0.5), rsub(nag()), rpow(0.5),
        rpow(tzero::abs() | add(1.0)), rdiv(add(2.0) | tzero::abs()), add(ema(), 0.5), sub(heavy_ball() | mul(0.5)),
        mul(tzero::abs() | add(1.0)), tzero::div(tzero::abs() | add(1.0)), tzero::pow(zeros() | add(2.0)),
        // several operands (core/branch.hpp's operands): reduce.py, multi.py, switch.py
        sum(tzero::abs(), sign() | lr(0.1), 1.0), mean(ema(), negate(), 0.5),
        prod(sign(), tzero::abs() | add(1.0), 0.5), maximum_modules(negate(), ema(0.5), 0.0),
        minimum_modules(negate(), ema(0.5), 0.0), weighted_sum(std::array{0.3, 0.7, -0.5}, heavy_ball(), sign(), 1.0),
        weighted_mean(std::array{0.5, 2.0}, 0.25, ema()), sub_modules(ema(), sign(), 0.5),
        sub_modules(1.0, tzero::abs()), sub_modules(nag(), 0.5), div_modules(ema(), tzero::abs() | add(1.0)),
        div_modules(2.0, tzero::abs() | add(1.0)), div_modules(sign(), 4.0),
        pow_modules(tzero::abs(), sign() | add(1.0)), pow_modules(2.0, sign()),
        pow_modules(tzero::abs() | add(1.0), 0.5), lerp_modules(ema(), sign(), 0.25), clip_modules(ema(), -0.5, 0.5),
        clip_modules(ema(), tzero::abs() | negate(), tzero::abs()), alternate(ema(), sign() | lr(0.1)),
        alternate(std::array{2, 1}, adam(), heavy_ball()), switch_modules(3, ema(), sign()), gram_schmidt(heavy_ball()),
        gram_schmidt(ema() | sign(), global),
        // randomized: a draw is a function of (seed, step, tensor, element), so every backend agrees
        randn(), randn{.seed = 7}, uniform{.low = -1, .high = 0.5}, random_sample(),
        random_sample{.distribution = sample_distribution::uniform, .variance = 2, .seed = 3},
        random_sample{.distribution = sample_distribution::rademacher, .variance = 0.5}, noise_sign(),
        noise_sign{.distribution = sample_distribution::uniform, .seed = 5},
        random_sample{.distribution = sphere, .variance = 0.5}, noise_sign{.distribution = sphere, .seed = 1},
        dropout(), dropout(0.25, grafted), dropout<>{.p = 1}, random_step_size(),
        random_step_size{.low = 0.5, .high = 2, .parameterwise = true, .seed = 9},
        random_reinitialize{.p_reinit = 0.5, .p_weights = 0.5, .store_every = 2, .beta = 0.5},
        random_reinitialize{.p_reinit = 1, .seed = 1}, split(odd_tensor, adam() | lr(0.5), heavy_ball() | sign()),
        split(odd_tensor, identity(), ema(0.5)));
}

}  // namespace tzero_test
