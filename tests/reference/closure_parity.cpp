// Reference parity of the closure-driven chains (line searches): tzero steps the same problem
// as the torchzero run recorded by generate.py (CLOSURE_CASES), the problem written twice in
// plain double arithmetic in the same order, and must call the closure at the same points (every
// evaluation's loss, in order) and land on the same parameters after every step.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include <tzero/tzero.hpp>

#include "reference/closure_case.hpp"

using namespace tzero;

namespace {

template <class F>
void with_closure_chain(std::string const& name, F&& f) {
    if (name == "bt_rosenbrock") f(backtracking());
    else if (name == "bt_quadratic") f(backtracking{.init = 0.5, .beta = 0.3, .c = 0.1});
    else if (name == "adam_bt_quadratic") f(adam() | backtracking());
    else if (name == "bt_lr_rosenbrock") f(backtracking{.beta = 0.3} | lr(0.5));
    else if (name == "bt_fail_rosenbrock") f(backtracking{.init = 100, .maxiter = 3});
    else if (name == "bt_fixed_init_rosenbrock") f(backtracking{.init = 100, .maxiter = 3, .adaptive = false});
    else if (name == "bt_goldstein_quadratic")
        f(backtracking{.c = 0.25, .condition = line_search_condition::goldstein, .maxiter = 20});
    else if (name == "bt_decrease_rosenbrock")
        f(sign() | backtracking{.init = 0.3, .beta = 0.7, .condition = line_search_condition::decrease});
    else if (name == "fr_bt_rosenbrock") f(fletcher_reeves() | backtracking());
    else if (name == "sw_rosenbrock") f(strong_wolfe());
    else if (name == "sw_quadratic") f(strong_wolfe{.c2 = 0.5});
    else if (name == "fr_sw_rosenbrock")
        f(fletcher_reeves() | strong_wolfe{.c2 = 0.1, .a_init = wolfe_init::first_order});
    else if (name == "sw_quadratic_clip")
        f(strong_wolfe{.a_init = wolfe_init::quadratic_clip, .interpolation = wolfe_interpolation::quadratic});
    else if (name == "sw_bisection_previous")
        f(strong_wolfe{.a_init = wolfe_init::previous, .maxzoom = 4, .interpolation = wolfe_interpolation::bisection});
    else if (name == "sw_quadratic_init") f(strong_wolfe{.c2 = 0.1, .a_init = wolfe_init::quadratic});
    else if (name == "sw_plus_minus") f(negate() | strong_wolfe{.plus_minus = true});
    else if (name == "sw_fallback") f(strong_wolfe{.init_value = 30, .maxiter = 2, .maxzoom = 1, .fallback = true});
    else if (name == "sw_maxeval") f(strong_wolfe{.init_value = 10, .maxeval = 3});
    else if (name == "adam_sw_lr") f(adam() | strong_wolfe() | lr(0.5));
    else if (name == "abt_rosenbrock") f(adaptive_backtracking());
    else if (name == "abt_quadratic")
        f(adaptive_backtracking{.maxiter = 6, .target_iters = 2, .nplus = 3, .scale_beta = 0.5});
    else if (name == "abt_zero_target") f(adaptive_backtracking{.init = 50, .c = 0, .maxiter = 4, .target_iters = 0});
    else if (name == "abis_rosenbrock") f(adaptive_bisection());
    else if (name == "abis_quadratic") f(adam() | adaptive_bisection{.nplus = 3, .nminus = 0.3, .maxiter = 4});
    else if (name == "abis_fail") f(adaptive_bisection{.init = 1000, .maxiter = 2});
    else if (name == "lbfgs_sw_rosenbrock") f(lbfgs() | strong_wolfe());
    else if (name == "lbfgs_sw_quadratic") f(lbfgs<4>() | strong_wolfe{.c2 = 0.5});
    else if (name == "lbfgs_bt_rosenbrock") f(lbfgs<3>{.scale_first = false} | backtracking());
    else if (name == "lbfgs_restart") f(lbfgs<2>{.ptol = 1e-2, .ptol_restart = true} | backtracking());
    else if (name == "lbfgs_gtol") f(lbfgs<5>{.gtol = 2.0, .sy_tol = 1e-3} | strong_wolfe());
    else if (name == "diagonal_bfgs_sw_rosenbrock") f(diagonal_bfgs() | strong_wolfe());
    else if (name == "diagonal_sr1_bt_quadratic") f(diagonal_sr1{.inverse = false} | backtracking());
    else if (name == "new_dqn_sw_rosenbrock") f(new_dqn() | strong_wolfe{.c2 = 0.5});
    else if (name == "dnrtr_sw_quadratic") f(dnrtr() | strong_wolfe());
    else if (name == "fdm_lr_quadratic") f(fdm() | lr(0.005));
    else if (name == "fdm_forward_bt_rosenbrock") f(fdm{.formula = fd_formula::forward} | backtracking());
    else if (name == "fdm_central4_sw_rosenbrock") f(fdm{.h = 1e-2, .formula = fd_formula::central4} | strong_wolfe());
    else if (name == "fdm_backward3_quadratic") f(fdm{.h = 1e-2, .formula = fd_formula::backward3} | lr(0.005));
    else if (name == "sam_lr_quadratic") f(sam() | lr(0.05));
    else if (name == "sam_p3_adam_rosenbrock") f(sam{.rho = 0.02, .p = 3} | adam() | lr(0.01));
    else if (name == "asam_lr_quadratic") f(asam() | lr(0.05));
    else if (name == "sam_bt_rosenbrock") f(sam{.rho = 0.01} | backtracking());
    else if (name == "sam_sw_quadratic") f(sam{.rho = 0.1, .p = 1.5} | strong_wolfe{.c2 = 0.5});
    else if (name == "adahessian_lr_quadratic") f(adahessian() | lr(0.1));
    else if (name == "adahessian_blocks_quadratic")
        f(adahessian{.beta1 = 0.5, .block_size = 2, .update_freq = 2, .hessian_power = 0.5, .n_samples = 2} | lr(0.05));
    else if (name == "sophia_h_lr_quadratic")
        f(sophia_h{.update_freq = 3, .distribution = sample_distribution::rademacher} | lr(0.1));
    else if (name == "sophia_h_central_quadratic")
        f(sophia_h{.update_freq = 1,
                   .precond_scale = 2,
                   .clip = 0.5,
                   .hvp = hvp_method::fd_central,
                   .distribution = sample_distribution::rademacher,
                   .debias = true} |
          lr(0.1));
    else if (name == "esgd_lr_quadratic")
        f(esgd{.update_freq = 2, .distribution = sample_distribution::rademacher} | lr(0.1));
    else if (name == "esgd_beta_quadratic")
        f(esgd{.update_freq = 1, .distribution = sample_distribution::rademacher, .beta = 0.9} | lr(0.1));
    else if (name == "random_hvp_quadratic")
        f(random_hvp{.distribution = sample_distribution::rademacher, .zHz = true} | lr(0.01));
    else if (name == "lsr1_bt_quadratic") f(lsr1() | backtracking());
    else if (name == "lsr1_sw_rosenbrock") f(lsr1<5>() | strong_wolfe{.c2 = 0.1, .fallback = true});
    else if (name == "lsr1_restart_quadratic")
        f(lsr1<3>{.ptol = 1e-2, .ptol_restart = true, .scale_first = true} | backtracking());
    else if (name == "sms_brent_rosenbrock") f(scipy_minimize_scalar());
    else if (name == "sms_golden_quadratic") f(scipy_minimize_scalar{.method = scalar_method::golden, .tol = 1e-6});
    else if (name == "sms_bounded_rosenbrock")
        f(scipy_minimize_scalar{.method = scalar_method::bounded, .lower = 0, .upper = 0.01});
    else if (name == "sms_prev_init_quadratic") f(scipy_minimize_scalar{.prev_init = true});
    else if (name == "sms_bracket_quadratic") f(scipy_minimize_scalar{.bracket_b = 0.01});
    else if (name == "fr_sms_quadratic") f(fletcher_reeves() | scipy_minimize_scalar());
    else if (name == "log_homotopy_bt_rosenbrock") f(log_homotopy() | backtracking());
    else if (name == "sqrt_homotopy_sw_quadratic") f(sqrt_homotopy() | strong_wolfe{.c2 = 0.5});
    else if (name == "square_homotopy_adam_quadratic") f(square_homotopy() | adam() | lr(0.05));
    else if (name == "lambda_homotopy_fr_bt_rosenbrock")
        f(lambda_homotopy([](double x) { return std::log1p(x); }, [](double x) { return 1 / (1 + x); }) |
          fletcher_reeves() | backtracking());
    else if (name == "noli_adam_rosenbrock") f(adam() | lr(0.5) | negate_on_loss_increase{.backtrack = true});
    else if (name == "noli_adam_quadratic") f(adam() | lr(0.3) | negate_on_loss_increase());
    else if (name == "lbfgs_bt_terminate_quadratic")
        f(lbfgs() | backtracking() | terminate_by_gradient_norm{.tol = 1.0, .n = 2});
    else if (name == "terminate_any_adam_rosenbrock")
        f(adam() | lr(0.5) |
          terminate_any(terminate_on_no_improvement{.tol = 0.5, .n = 3}, terminate_on_loss_reached(400)));
    else if (name == "sg2_lr_quadratic") f(sg2() | lr(0.5));
    else if (name == "sg2_beta_quadratic")
        f(sg2{.n_samples = 2, .n_first_step_samples = 3, .beta = 0.5, .damping = 0.1, .h = 0.05, .update_freq = 2} |
          lr(0.8));
    else if (name == "restart_every_adam_bt_quadratic") f(adam() | restart_every{.steps = 4} | backtracking());
    else if (name == "restart_every_fr_sw_rosenbrock")
        f(fletcher_reeves() | restart_every{.steps = 7} | strong_wolfe{.c2 = 0.1});
    else if (name == "restart_every_bfgs_bt_quadratic") f(bfgs() | restart_every{.steps = 5} | backtracking());
    else if (name == "restart_on_stuck_adam_rosenbrock")
        f(adam() | restart_on_stuck{.n_tol = 2} | backtracking{.init = 2, .maxiter = 2, .adaptive = false});
    else if (name == "powell_pr_sw_rosenbrock") f(polak_ribiere() | powell_restart() | strong_wolfe{.c2 = 0.1});
    else if (name == "powell_cond2_fr_bt_quadratic")
        f(fletcher_reeves() | powell_restart{.cond1 = -1, .cond2 = 0.5} | backtracking());
    else FAIL("no tzero chain for closure case " << name);
}

/// A case whose evaluations at random points generate.py records as nan (RANDOM_POINT_CASES).
bool random_point_case(std::string const& name) {
    for (char const* family : {"adahessian", "sophia_h", "esgd", "random_hvp"})
        if (name.starts_with(family)) return true;
    return false;
}

std::vector<std::string> const closure_cases = {
    "bt_rosenbrock",
    "bt_quadratic",
    "adam_bt_quadratic",
    "bt_lr_rosenbrock",
    "bt_fail_rosenbrock",
    "bt_fixed_init_rosenbrock",
    "bt_goldstein_quadratic",
    "bt_decrease_rosenbrock",
    "fr_bt_rosenbrock",
    "sw_rosenbrock",
    "sw_quadratic",
    "fr_sw_rosenbrock",
    "sw_quadratic_clip",
    "sw_bisection_previous",
    "sw_quadratic_init",
    "sw_plus_minus",
    "sw_fallback",
    "sw_maxeval",
    "adam_sw_lr",
    "abt_rosenbrock",
    "abt_quadratic",
    "abt_zero_target",
    "abis_rosenbrock",
    "abis_quadratic",
    "abis_fail",
    "lbfgs_sw_rosenbrock",
    "lbfgs_sw_quadratic",
    "lbfgs_bt_rosenbrock",
    "lbfgs_restart",
    "lbfgs_gtol",
    "diagonal_bfgs_sw_rosenbrock",
    "diagonal_sr1_bt_quadratic",
    "new_dqn_sw_rosenbrock",
    "dnrtr_sw_quadratic",
    "fdm_lr_quadratic",
    "fdm_forward_bt_rosenbrock",
    "fdm_central4_sw_rosenbrock",
    "fdm_backward3_quadratic",
    "sam_lr_quadratic",
    "sam_p3_adam_rosenbrock",
    "asam_lr_quadratic",
    "sam_bt_rosenbrock",
    "sam_sw_quadratic",
    "adahessian_lr_quadratic",
    "adahessian_blocks_quadratic",
    "sophia_h_lr_quadratic",
    "sophia_h_central_quadratic",
    "esgd_lr_quadratic",
    "esgd_beta_quadratic",
    "random_hvp_quadratic",
    "lsr1_bt_quadratic",
    "lsr1_sw_rosenbrock",
    "lsr1_restart_quadratic",
    "sms_brent_rosenbrock",
    "sms_golden_quadratic",
    "sms_bounded_rosenbrock",
    "sms_prev_init_quadratic",
    "sms_bracket_quadratic",
    "fr_sms_quadratic",
    "log_homotopy_bt_rosenbrock",
    "sqrt_homotopy_sw_quadratic",
    "square_homotopy_adam_quadratic",
    "lambda_homotopy_fr_bt_rosenbrock",
    "noli_adam_rosenbrock",
    "noli_adam_quadratic",
    "lbfgs_bt_terminate_quadratic",
    "terminate_any_adam_rosenbrock",
    "sg2_lr_quadratic",
    "sg2_beta_quadratic",
    "restart_every_adam_bt_quadratic",
    "restart_every_fr_sw_rosenbrock",
    "restart_every_bfgs_bt_quadratic",
    "restart_on_stuck_adam_rosenbrock",
    "powell_pr_sw_rosenbrock",
    "powell_cond2_fr_bt_quadratic",
};

}  // namespace

TEMPLATE_TEST_CASE("reference: closure-driven chains match torchzero's evaluations and steps", "[reference][closure]",
                   float, double) {
    for (auto const& name : closure_cases) {
        // torchzero sums Fletcher–Reeves' β in float, tzero in double: on Rosenbrock the fp32
        // directions drift apart by ~1e-5 a step from step 13 on (behind log1p from step 9, where
        // backtracking then makes 9 trials against 11), so those cases are compared in fp64
        // (and behind Powell's restarts on the quadratic, from step 17)
        if (sizeof(TestType) == 4 && (name == "fr_bt_rosenbrock" || name == "lambda_homotopy_fr_bt_rosenbrock" ||
                                      name == "powell_cond2_fr_bt_quadratic"))
            continue;
        // and plus_minus reaches the quadratic's minimum by step 8, where fp32's φ′ is noise
        if (sizeof(TestType) == 4 && name == "sw_plus_minus") continue;
        // and on this quadratic strong_wolfe extrapolates to t ≈ 54 from trials whose fp32 points
        // differ by an ulp (torch subtracts α·d with a fused multiply-add): t agrees to 6e-6, the
        // parameters after step 1 to 2e-4
        if (sizeof(TestType) == 4 && name == "lbfgs_sw_quadratic") continue;
        // and diagonal SR1's zᵀb cancels as B converges: torchzero's float sum and tzero's double
        // one part by 3e-5 at step 8
        if (sizeof(TestType) == 4 && name == "diagonal_sr1_bt_quadratic") continue;
        // and a finite-difference Hessian-vector product in float differences gradients ~1e2
        // that differ by ~1e-2 (h/‖z‖ ≈ 1e-4): its ~1e-3 rounding, torchzero's along other
        // directions than tzero's, reaches the updates (tests/modules/adaptive/hutchinson.cpp
        // compares float with double)
        if (sizeof(TestType) == 4 && random_point_case(name)) continue;
        // and SciPy's scalar minimizers stop on φ's differences: float φ values a few ulps apart
        // end Brent's search after another number of trials (26 against 32 on Rosenbrock's first)
        if (sizeof(TestType) == 4 && (name.starts_with("sms") || name.find("_sms") != std::string::npos)) continue;
        tzero_test::check_closure_case<TestType>(name,
                                                 [&](std::string const& n, auto&& f) { with_closure_chain(n, f); });
    }
}
