// What the closure-driven reference cases share (closure_parity.cpp, dense_parity.cpp): a
// recorded case, the problems generate.py's `closure_problem` defines, and the comparison of every
// evaluation and step with torchzero's; each test file names its own chains.
#pragma once
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <string>
#include <vector>

#include <tzero/tzero.hpp>

#include "reference/trajectory.hpp"
#include "support.hpp"

namespace tzero_test {

using namespace tzero;

/// One recorded closure case: the problem, the shapes, the initial parameters, and per step every
/// evaluation's loss and the parameters after it.
struct closure_trajectory {
    std::string problem;
    std::vector<std::vector<std::size_t>> shapes;
    std::vector<double> init;
    std::vector<std::vector<double>> values, params;
    std::vector<int> terminate;  ///< torchzero's `should_terminate` after each step (cases with criteria)
};

inline closure_trajectory load_closure(std::string const& name, std::string const& dtype) {
    std::string const path = std::string(TZERO_REFERENCE_DIR) + "/closure." + name + "." + dtype + ".txt";
    std::ifstream in(path);
    if (!in) FAIL("missing reference file " << path << " (run tests/reference/generate.py)");
    closure_trajectory r;
    std::string text;
    while (std::getline(in, text)) {
        std::istringstream line(text);
        std::string key;
        line >> key;
        if (key == "problem") line >> r.problem;
        else if (key == "shape") r.shapes.push_back(tzero_test::read_shape(line));
        else if (key == "init") r.init = tzero_test::read_values(line);
        else if (key == "values" || key == "param") {
            int t = 0;
            line >> t;
            (key == "values" ? r.values : r.params).push_back(tzero_test::read_values(line));
        } else if (key == "terminate") {
            int t = 0, flag = 0;
            line >> t >> flag;
            r.terminate.push_back(flag);
        }
    }
    REQUIRE(r.values.size() == r.params.size());
    REQUIRE(!r.values.empty());  // the fdm cases record one to six steps of 86 to 341 calls each
    return r;
}

/// generate.py's `closure_problem`: the loss at x and its gradient, in the same order.
inline double closure_problem(std::string const& kind, std::vector<double> const& x, std::vector<double>& g) {
    std::size_t const n = x.size();
    g.assign(n, 0.0);
    double f = 0;
    if (kind == "rosenbrock") {
        for (std::size_t i = 0; i + 1 < n; ++i) {
            double const a = x[i + 1] - x[i] * x[i], b = 1.0 - x[i];
            f += 100.0 * a * a + b * b;
            g[i] += -400.0 * x[i] * a - 2.0 * b;
            g[i + 1] += 200.0 * a;
        }
    } else {
        for (std::size_t i = 0; i < n; ++i) {
            double const a = 1.0 + double(i * 37 % 100);
            double const r = x[i] - (double(i * 13 % 7) / 3.0 - 1.0);
            f += 0.5 * a * r * r;
            g[i] = a * r;
        }
    }
    return f;
}

template <class T, class WithChain>
void check_closure_case(std::string const& name, WithChain const& with_closure_chain, bool dense = false) {
    std::string const dtype = sizeof(T) == 4 ? "float32" : "float64";
    INFO("closure case " << name << ", " << dtype);
    closure_trajectory const ref = load_closure(name, dtype);
    tzero_test::tensor_list<T> p(ref.shapes);
    p.assign_flat(ref.init);
    // float64: the same operations in the same order but for sums of gᵀd (SIMD lanes here);
    // float32: also torchzero's gᵀd in float (tzero's in double). Parameters relative to
    // max(|reference|, 0.1), as reference/parity.cpp; losses 4 times that (Rosenbrock's is quartic)
    // fp32 L-BFGS and L-SR1: torchzero's recursions run over float vectors, tzero's over the Gram
    // matrices in double (the coefficients then rounded to float): 1e-4; so too finite differences, whose fp32 losses
    // (torchzero's summed in float, here in double) differ by ~1e-7·|f|, which 1/h amplifies
    // (and the dense methods: torchzero's n×n products in float, tzero's in double)
    bool const lbfgs_case = dense || name.starts_with("lbfgs") || name.starts_with("lsr1");
    bool const loose = lbfgs_case || name.starts_with("fdm");
    // a line minimum (scipy_minimize_scalar) is determined only to ~√ε relative: near it φ is
    // flat, so the last ulp of φ (p0 − t·d rounded once here, twice in torch) moves the parabolic
    // steps and the accepted t by up to Brent's tolerance, 1.48e-8 (1e-7 seen in the parameters)
    bool const line_minimum = name.starts_with("sms") || name.find("_sms") != std::string::npos;
    double const tolerance = sizeof(T) == 4 ? (loose ? 1e-4 : 2e-5) : line_minimum ? 1e-6 : 1e-10;
    with_closure_chain(name, [&](auto const& chain) {
        optimizer opt(chain, p.views(), optimizer_options{.chunk_size = 16, .parallel_threshold = 0});
        std::vector<double> values, x, g;
        auto const closure = [&](std::span<tensor_view<T> const> grads) {
            x = p.flat();
            double const f = closure_problem(ref.problem, x, g);
            values.push_back(f);
            std::size_t offset = 0;
            for (auto const& view : grads)
                for (std::size_t i = 0; i < view.size(); ++i) view.data[i] = T(g[offset++]);
            return f;
        };
        // fp32 with strong_wolfe: torchzero sums φ′ and ‖d‖ in float, tzero in double, and the
        // interpolated trials drift apart by ~1e-4 (Rosenbrock from step 16, a converged quadratic
        // from step 24, where f(0) − f_prev cancels): compared for 12 steps
        bool const drifts = sizeof(T) == 4 && (name.find("sw") != std::string::npos || lbfgs_case);
        // and a diagonal B rescales those ~1e-5 differences elementwise: new_dqn's from step 4,
        // dnrtr's from step 12
        // and a line minimum's ~√ε grows step by step (on Rosenbrock φ reaches ~1e13 at the
        // bracket's far end; prev_init's bracket ends at the last minimum, where Brent's parabolic
        // steps are as small as its tolerance and one more ulp can cost a dozen golden sections):
        // the exact line searches are compared for 3 steps
        std::size_t const steps = line_minimum                                        ? 3
                                  : sizeof(T) == 4 && name == "new_dqn_sw_rosenbrock" ? 3
                                  : sizeof(T) == 4 && name == "dnrtr_sw_quadratic"    ? 10
                                  : drifts ? std::min<std::size_t>(12, ref.values.size())
                                           : ref.values.size();
        for (std::size_t t = 0; t < steps; ++t) {
            INFO("step " << t + 1);
            values.clear();
            double const loss = opt.step(closure);
            REQUIRE(loss == values.at(0));
            // a line minimum's ~√ε carries into the next step's trials, and Brent's stopping test,
            // |x − mid| < 2·tol·|x| − (b − a)/2, can flip on it: a search may make a trial or two
            // more or fewer than SciPy's, ending at the same minimum to that ~√ε
            std::size_t const common = std::min(values.size(), ref.values[t].size());
            if (line_minimum) REQUIRE(values.size() + 2 >= ref.values[t].size());
            if (line_minimum) REQUIRE(ref.values[t].size() + 2 >= values.size());
            else REQUIRE(values.size() == ref.values[t].size());
            for (std::size_t i = 0; i < common; ++i) {
                if (ref.values[t][i] != ref.values[t][i]) continue;  // a random point (generate.py)
                INFO("evaluation " << i << ": tzero " << std::setprecision(17) << values[i] << ", torchzero "
                                   << ref.values[t][i]);
                REQUIRE(tzero_test::close(values[i], ref.values[t][i], 4 * tolerance));
            }
            if (!ref.terminate.empty()) REQUIRE(opt.should_terminate() == (ref.terminate.at(t) != 0));
            std::vector<double> const now = p.flat();
            for (std::size_t i = 0; i < now.size(); ++i) {
                INFO("element " << i << ": tzero " << std::setprecision(17) << now[i] << ", torchzero "
                                << ref.params[t][i]);
                REQUIRE(tzero_test::close(now[i], ref.params[t][i], tolerance, 0.1));
            }
        }
        std::size_t evaluations = 0;
        for (std::size_t t = 0; t < steps; ++t) evaluations += ref.values[t].size();
        if (!line_minimum) CHECK(opt.evaluations() == long(evaluations));
    });
}

}  // namespace tzero_test
