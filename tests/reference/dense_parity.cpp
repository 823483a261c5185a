// Reference parity of the dense quasi-Newton methods (modules/detail/dense_quasi_newton.hpp),
// Newton and matrix momentum: each on generate.py's closure problems (85 elements: an 85×85
// matrix), mostly behind a line search, every evaluation's value and every step's parameters
// against torchzero's, as closure_parity.cpp compares the other closure-driven chains; in fp64
// (torchzero's matrices and finite-difference products in float amplify float's rounding past
// any useful tolerance). A file of its own: its chains compile beside that one's.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include <tzero/tzero.hpp>

#include "reference/closure_case.hpp"

using namespace tzero;

namespace {

template <class F>
void with_dense_chain(std::string const& name, F&& f) {
    if (name == "bfgs_sw_rosenbrock") f(bfgs() | strong_wolfe());
    else if (name == "bfgs_bt_quadratic") f(bfgs() | backtracking());
    else if (name == "bfgs_direct_sw_quadratic") f(bfgs{.inverse = false} | strong_wolfe());
    else if (name == "bfgs_options_quadratic")
        f(bfgs{.init_scale = 2, .restart_interval = 5, .beta = 0.5, .update_freq = 2, .scale_first = true} |
          backtracking());
    else if (name == "bfgs_ptol_restart_quadratic")
        f(bfgs{.ptol = 1e-2, .ptol_restart = true, .restart_interval = -1} | backtracking());
    else if (name == "sr1_bt_quadratic") f(sr1{.init_scale = 0.5} | backtracking());
    else if (name == "sr1_direct_bt_quadratic") f(sr1{.init_scale = 1.5, .inverse = false} | backtracking());
    else if (name == "dfp_sw_quadratic") f(dfp() | strong_wolfe());
    else if (name == "dfp_direct_bt_rosenbrock") f(dfp{.inverse = false} | backtracking());
    else if (name == "broyden_good_bt_quadratic") f(broyden_good() | backtracking());
    else if (name == "broyden_good_direct_bt_quadratic") f(broyden_good{.inverse = false} | backtracking());
    else if (name == "broyden_bad_bt_quadratic") f(broyden_bad() | backtracking());
    else if (name == "broyden_bad_direct_bt_quadratic") f(broyden_bad{.inverse = false} | backtracking());
    else if (name == "greenstadt1_bt_quadratic") f(greenstadt1() | backtracking());
    else if (name == "greenstadt2_bt_quadratic") f(greenstadt2() | backtracking());
    else if (name == "icum_bt_quadratic") f(icum() | backtracking());
    else if (name == "thomas_bt_quadratic") f(thomas_optimal_method{.restart_interval = 6} | backtracking());
    else if (name == "psb_bt_quadratic") f(psb() | backtracking());
    else if (name == "pearson_bt_quadratic") f(pearson() | backtracking());
    else if (name == "mccormick_bt_quadratic") f(mccormick() | backtracking());
    else if (name == "pnr_bt_quadratic") f(projected_newton_raphson{.restart_interval = 4} | backtracking());
    else if (name == "ssvm_bt_quadratic") f(ssvm() | backtracking());
    else if (name == "ssvm1_sw_rosenbrock") f(ssvm{.switch_rule = ssvm_switch::rule1} | strong_wolfe());
    else if (name == "ssvm2_bt_quadratic") f(ssvm{.switch_rule = ssvm_switch::rule2} | backtracking());
    else if (name == "ssvm4_bt_quadratic") f(ssvm{.switch_rule = ssvm_switch::rule4} | backtracking());
    else if (name == "ssvm_fixed_bt_quadratic")
        f(ssvm{.switch_rule = ssvm_switch::fixed, .phi = 0.5, .theta = 0.25} | backtracking());
    else if (name == "horisho_bt_quadratic") f(horisho() | backtracking());
    else if (name == "fletcher_vmm_bt_quadratic") f(fletcher_vmm() | backtracking());
    else if (name == "new_ssm_bt_quadratic") f(new_ssm() | backtracking());
    else if (name == "new_ssm2_bt_quadratic") f(new_ssm{.type = 2} | backtracking());
    else if (name == "shor_r_sw_quadratic")
        f(shor_r() | strong_wolfe{.a_init = wolfe_init::quadratic, .fallback = true});
    else if (name == "gradient_correction_bt_quadratic") f(gradient_correction() | backtracking());
    else if (name == "newton_bt_quadratic") f(newton() | backtracking());
    else if (name == "newton_bt_rosenbrock") f(newton() | backtracking());
    else if (name == "newton_damping_lr_rosenbrock") f(newton{.damping = 10, .update_freq = 3, .h = 1e-4} | lr(0.5));
    else if (name == "newton_eigen_bt_rosenbrock")
        f(newton{.eigval_fn = +[](double l) { return std::abs(l); }, .eigv_tol = 1e-6} | backtracking());
    else if (name == "newton_truncate_quadratic") f(newton{.truncate = 40} | lr(0.5));
    else if (name == "newton_inverse_lstsq_quadratic")
        f(newton{.update_freq = 2, .precompute_inverse = 1, .use_lstsq = true} | lr(0.5));
    else if (name == "newton_inverse_sw_rosenbrock") f(newton{.precompute_inverse = 1} | strong_wolfe());
    else if (name == "matrix_momentum_quadratic") f(matrix_momentum{.lr = 0.01, .mu = 0.005});
    else if (name == "matrix_momentum_adaptive_quadratic") f(matrix_momentum{.lr = 0.01, .mu = 0.5, .adaptive = true});
    else if (name == "matrix_momentum_bt_rosenbrock")
        f(matrix_momentum{.lr = 0.001, .mu = 0.0005, .h = 1e-4} | backtracking());
    else if (name == "improved_newton_bt_rosenbrock") f(improved_newton() | backtracking());
    else if (name == "improved_newton_damping_lr_quadratic")
        f(improved_newton{.damping = 1, .update_freq = 2} | lr(0.5));
    else if (name == "inverse_free_newton_bt_rosenbrock") f(inverse_free_newton() | backtracking());
    else if (name == "inverse_free_newton_quadratic") f(inverse_free_newton{.update_freq = 2} | lr(0.5));
    else if (name == "newton_cg_bt_rosenbrock") f(newton_cg() | backtracking());
    else if (name == "newton_cg_truncated_quadratic")
        f(newton_cg{.maxiter = 5, .reg = 0.1, .warm_start = true, .warm_beta = 0.5} | lr(0.5));
    else if (name == "newton_cg_npc_rosenbrock")
        f(newton_cg{.tol = 1e-4, .npc_terminate = true, .miniter = 0} | backtracking());
    else FAIL("no tzero chain for dense case " << name);
}

std::vector<std::string> const dense_cases = {
    "bfgs_sw_rosenbrock",
    "bfgs_bt_quadratic",
    "bfgs_direct_sw_quadratic",
    "bfgs_options_quadratic",
    "bfgs_ptol_restart_quadratic",
    "sr1_bt_quadratic",
    "sr1_direct_bt_quadratic",
    "dfp_sw_quadratic",
    "dfp_direct_bt_rosenbrock",
    "broyden_good_bt_quadratic",
    "broyden_good_direct_bt_quadratic",
    "broyden_bad_bt_quadratic",
    "broyden_bad_direct_bt_quadratic",
    "greenstadt1_bt_quadratic",
    "greenstadt2_bt_quadratic",
    "icum_bt_quadratic",
    "thomas_bt_quadratic",
    "psb_bt_quadratic",
    "pearson_bt_quadratic",
    "mccormick_bt_quadratic",
    "pnr_bt_quadratic",
    "ssvm_bt_quadratic",
    "ssvm1_sw_rosenbrock",
    "ssvm2_bt_quadratic",
    "ssvm4_bt_quadratic",
    "ssvm_fixed_bt_quadratic",
    "horisho_bt_quadratic",
    "fletcher_vmm_bt_quadratic",
    "new_ssm_bt_quadratic",
    "new_ssm2_bt_quadratic",
    "shor_r_sw_quadratic",
    "gradient_correction_bt_quadratic",
    // Newton (a dense stage too) and matrix momentum: the gradients of their Hessian-vector
    // products, at points torchzero's match, are among the evaluations compared
    "newton_bt_quadratic",
    "newton_bt_rosenbrock",
    "newton_damping_lr_rosenbrock",
    "newton_eigen_bt_rosenbrock",
    "newton_truncate_quadratic",
    "newton_inverse_lstsq_quadratic",
    "newton_inverse_sw_rosenbrock",
    "improved_newton_bt_rosenbrock",
    "improved_newton_damping_lr_quadratic",
    "inverse_free_newton_bt_rosenbrock",
    "inverse_free_newton_quadratic",
    "newton_cg_bt_rosenbrock",
    "newton_cg_truncated_quadratic",
    "newton_cg_npc_rosenbrock",
    "matrix_momentum_quadratic",
    "matrix_momentum_adaptive_quadratic",
    "matrix_momentum_bt_rosenbrock",
};

}  // namespace

TEMPLATE_TEST_CASE(
    "reference: dense quasi-Newton methods, Newton and matrix momentum match torchzero's evaluations and steps",
    "[reference][closure][dense]", double) {
    for (auto const& name : dense_cases)
        tzero_test::check_closure_case<TestType>(
            name, [&](std::string const& n, auto&& f) { with_dense_chain(n, f); }, true);
}
