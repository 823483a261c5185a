// The one list of modules is the headers, include/tzero/modules/<family>/<name>.hpp; this test is
// the gate that keeps everything else in step with them. docs/modules.md has exactly one row per
// class torchzero's `tz.m` exports (the list generate.py writes from torchzero's source; a class
// it does not export is written as its module path); every module header has its configurations
// in the suites over every module (tests/modules_under_test.hpp), a done row in docs/modules.md,
// a mention on its family page and a test file; every module in the suites appears as done with
// its kind, state slots and passes; and no row claims "done" for a module tzero lacks. Each
// failure names the module and the file to edit (docs/contributing.md).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <tzero/tzero.hpp>

#include "modules_under_test.hpp"

namespace {

struct row {
    std::vector<std::string> torchzero, tzero;  // the backticked names of the first two columns
    std::string kind, slots, passes, status;
};

std::vector<std::string> cells(std::string const& line) {
    std::vector<std::string> out;
    std::stringstream in(line.substr(1));
    for (std::string cell; std::getline(in, cell, '|');) {
        auto const b = cell.find_first_not_of(' '), e = cell.find_last_not_of(' ');
        out.push_back(b == std::string::npos ? "" : cell.substr(b, e - b + 1));
    }
    return out;
}

/// `A` / `B(…)` (…) → {A, B}: the names in backticks, before any parenthesis.
std::vector<std::string> names(std::string const& cell) {
    std::vector<std::string> out;
    std::string const head = cell.substr(0, cell.find(" ("));
    for (std::size_t at = head.find('`'); at != std::string::npos; at = head.find('`', at + 1)) {
        auto const end = head.find('`', at + 1);
        if (end == std::string::npos) break;
        std::string const name = head.substr(at + 1, end - at - 1);
        out.push_back(name.substr(0, name.find('(')));  // `rmsprop(…, centered)` is rmsprop
        at = end;
    }
    return out;
}

std::vector<row> catalogue() {
    std::ifstream in(TZERO_DOCS_DIR "/modules.md");
    REQUIRE(in);
    std::vector<row> rows;
    bool in_table = false;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("| torchzero", 0) == 0) in_table = true;
        else if (in_table && line.rfind("| `", 0) != 0 && line.rfind("|---", 0) != 0) break;
        if (!in_table || line.rfind("| `", 0) != 0) continue;
        auto const c = cells(line);
        REQUIRE(c.size() >= 7);
        rows.push_back({names(c[0]), names(c[1]), c[3], c[4], c[5], c[6]});
    }
    return rows;
}

bool done(row const& r) { return r.status.rfind("done", 0) == 0; }

/// The modules the suites over every module cannot run, each with the test that covers it.
std::map<std::string, std::string> const outside_the_suites = {
    {"sqrt", "tests/modules/ops/sqrt.cpp"},  // NaN behind adam's negative steps: its test runs it behind abs
    // read the loss, which the suites over every module do not give
    {"mul_by_loss", "tests/modules/misc/mul_by_loss.cpp"},
    {"div_by_loss", "tests/modules/misc/mul_by_loss.cpp"},
    {"fill_loss", "tests/modules/misc/mul_by_loss.cpp"},
    {"aegd", "tests/modules/adaptive/aegd.cpp"},
    {"polyak_step_size", "tests/modules/step_size/polyak_step_size.cpp"},
    {"bold_driver", "tests/modules/step_size/bold_driver.cpp"},
    {"adaptive_heavy_ball", "tests/modules/adaptive/adaptive_heavy_ball.cpp"},
    // closure stages: stepped with step(closure), which the suites do not give (their parity:
    // tests/reference/closure_parity.cpp)
    {"backtracking", "tests/modules/line_search/backtracking.cpp"},
    {"strong_wolfe", "tests/modules/line_search/strong_wolfe.cpp"},
    {"adaptive_backtracking", "tests/modules/line_search/adaptive_backtracking.cpp"},
    {"adaptive_bisection", "tests/modules/line_search/adaptive_bisection.cpp"},
    {"scipy_minimize_scalar", "tests/modules/line_search/scipy_minimize_scalar.cpp"},
    {"negate_on_loss_increase", "tests/modules/misc/negate_on_loss_increase.cpp"},
    // its k×k solves amplify fp32 rounding (SIMD lanes against one by one) past the suites' 4e-6:
    // tested in fp64 against the two-loop recursion, and against torchzero in both types
    {"lbfgs", "tests/modules/quasi_newton/lbfgs.cpp"},
    {"lsr1", "tests/modules/quasi_newton/lsr1.cpp"},
    // dense stages (an n×n matrix on the host; the CPU optimizer only): their own tests, and
    // parity behind line searches in tests/reference/dense_parity.cpp
    {"bfgs", "tests/modules/quasi_newton/dense_quasi_newton.cpp"},
    {"sr1", "tests/modules/quasi_newton/dense_quasi_newton.cpp"},
    {"dfp", "tests/modules/quasi_newton/dense_quasi_newton.cpp"},
    {"broyden_good", "tests/reference/dense_parity.cpp"},
    {"broyden_bad", "tests/reference/dense_parity.cpp"},
    {"greenstadt1", "tests/reference/dense_parity.cpp"},
    {"greenstadt2", "tests/reference/dense_parity.cpp"},
    {"icum", "tests/reference/dense_parity.cpp"},
    {"thomas_optimal_method", "tests/modules/quasi_newton/dense_quasi_newton.cpp"},
    {"psb", "tests/reference/dense_parity.cpp"},
    {"pearson", "tests/reference/dense_parity.cpp"},
    {"mccormick", "tests/reference/dense_parity.cpp"},
    {"projected_newton_raphson", "tests/reference/dense_parity.cpp"},
    {"ssvm", "tests/modules/quasi_newton/dense_quasi_newton.cpp"},
    {"horisho", "tests/reference/dense_parity.cpp"},
    {"fletcher_vmm", "tests/reference/dense_parity.cpp"},
    {"new_ssm", "tests/reference/dense_parity.cpp"},
    {"shor_r", "tests/modules/quasi_newton/dense_quasi_newton.cpp"},
    // the suites' steps on Adam's updates divide by sᵀy, which passes through 0 (as the diagonal
    // methods' B): its formula is tested by itself, and against torchzero behind backtracking
    {"gradient_correction", "tests/modules/quasi_newton/dense_quasi_newton.cpp"},
    // restart strategies reset the chain after a step (the CPU optimizer asks them; the suites
    // compare steps that a reset would restart): their own tests, and parity in closure_parity.cpp
    {"restart_every", "tests/modules/misc/restart.cpp"},
    {"restart_on_stuck", "tests/modules/misc/restart.cpp"},
    {"powell_restart", "tests/modules/misc/restart.cpp"},
    // a Hessian-vector product from the closure a step: the suites step without one
    {"matrix_momentum", "tests/modules/momentum/matrix_momentum.cpp"},
    {"newton", "tests/modules/second_order/newton.cpp"},
    {"sg2", "tests/modules/quasi_newton/sg2.cpp"},
    {"newton_cg", "tests/modules/second_order/newton.cpp"},
    {"improved_newton", "tests/modules/second_order/newton.cpp"},
    {"inverse_free_newton", "tests/modules/second_order/newton.cpp"},
    // B ← B + s²·q can pass through 0 without a line search, and the suites' steps on Adam's
    // updates divide by it, so backends differ by their rounding divided by ~0: tested against
    // the written-out update (fp64) and against torchzero in both types; their template is in
    // the suites through diagonal_bfgs, diagonal_sr1 and new_dqn (dnrtr's −1 a step drives B
    // through 0 too, its bounds notwithstanding)
    {"diagonal_quasi_cauchi", "tests/modules/quasi_newton/diagonal_quasi_newton.cpp"},
    {"dnrtr", "tests/modules/quasi_newton/diagonal_quasi_newton.cpp"},
    {"diagonal_weighted_quasi_cauchi", "tests/modules/quasi_newton/diagonal_quasi_newton.cpp"},
    // gradient approximators: stepped with step(closure) and values only, which the suites do not
    // give (fdm's parity: tests/reference/closure_parity.cpp)
    {"fdm", "tests/modules/grad_approximation/grad_approximation.cpp"},
    {"randomized_fdm", "tests/modules/grad_approximation/grad_approximation.cpp"},
    {"spsa", "tests/modules/grad_approximation/grad_approximation.cpp"},
    {"rdsa", "tests/modules/grad_approximation/grad_approximation.cpp"},
    {"gaussian_smoothing", "tests/modules/grad_approximation/grad_approximation.cpp"},
    {"mezo", "tests/modules/grad_approximation/grad_approximation.cpp"},
    {"spsa1", "tests/modules/grad_approximation/grad_approximation.cpp"},
    {"forward_gradient", "tests/modules/grad_approximation/grad_approximation.cpp"},
    {"sam", "tests/modules/adaptive/sam.cpp"},
    {"asam", "tests/modules/adaptive/sam.cpp"},
    // curvature modules: their estimate differences the closure's gradients (step(closure)),
    // which the suites do not give
    {"adahessian", "tests/modules/adaptive/hutchinson.cpp"},
    {"sophia_h", "tests/modules/adaptive/hutchinson.cpp"},
    {"esgd", "tests/modules/adaptive/hutchinson.cpp"},
    {"random_hvp", "tests/modules/adaptive/hutchinson.cpp"},
    // homotopies: they reshape the closure's loss (step(closure)), which the suites do not give
    {"exp_homotopy", "tests/modules/misc/homotopy.cpp"},
    {"log_homotopy", "tests/modules/misc/homotopy.cpp"},
    {"sqrt_homotopy", "tests/modules/misc/homotopy.cpp"},
    {"square_homotopy", "tests/modules/misc/homotopy.cpp"},
    {"lambda_homotopy", "tests/modules/misc/homotopy.cpp"},
    {"weight_dropout", "tests/modules/misc/weight_dropout.cpp"},
    {"perturb_weights", "tests/modules/misc/perturb_weights.cpp"},
    // termination criteria: identities on the update, asked by the CPU optimizer after a step
    // (the CUDA optimizer refuses them), so the suites' comparisons would see nothing of them
    {"terminate_after_n_evaluations", "tests/modules/misc/termination.cpp"},
    {"terminate_after_n_seconds", "tests/modules/misc/termination.cpp"},
    {"terminate_after_n_steps", "tests/modules/misc/termination.cpp"},
    {"terminate_all", "tests/modules/misc/termination.cpp"},
    {"terminate_any", "tests/modules/misc/termination.cpp"},
    {"terminate_by_gradient_norm", "tests/modules/misc/termination.cpp"},
    {"terminate_by_update_norm", "tests/modules/misc/termination.cpp"},
    {"terminate_never", "tests/modules/misc/termination.cpp"},
    {"terminate_on_loss_reached", "tests/modules/misc/termination.cpp"},
    {"terminate_on_no_improvement", "tests/modules/misc/termination.cpp"},
};

/// The modules stored under a name of their own that docs/modules.md writes as a call on another
/// module (whose row they are found in): `adam().with_amsgrad()` is `basic_adam<true>`, named
/// `amsgrad` (docs/architecture.md).
std::map<std::string, std::string> const spelled_as_call_on = {{"amsgrad", "adam"}};

/// The modules whose tests are not in tests/modules/<family>/<name>.cpp, and where they are.
std::map<std::string, std::string> const tested_elsewhere = {
    {"terminate_after_n_evaluations", "modules/misc/termination.cpp"},
    {"terminate_after_n_seconds", "modules/misc/termination.cpp"},
    {"terminate_after_n_steps", "modules/misc/termination.cpp"},
    {"terminate_all", "modules/misc/termination.cpp"},
    {"terminate_any", "modules/misc/termination.cpp"},
    {"terminate_by_gradient_norm", "modules/misc/termination.cpp"},
    {"terminate_by_update_norm", "modules/misc/termination.cpp"},
    {"terminate_never", "modules/misc/termination.cpp"},
    {"terminate_on_loss_reached", "modules/misc/termination.cpp"},
    {"terminate_on_no_improvement", "modules/misc/termination.cpp"},
    {"exp_homotopy", "modules/misc/homotopy.cpp"},
    {"log_homotopy", "modules/misc/homotopy.cpp"},
    {"sqrt_homotopy", "modules/misc/homotopy.cpp"},
    {"square_homotopy", "modules/misc/homotopy.cpp"},
    {"lambda_homotopy", "modules/misc/homotopy.cpp"},
    {"conjugate_descent", "modules/conjugate_gradient/conjugate_gradient.cpp"},
    {"dai_yuan", "modules/conjugate_gradient/conjugate_gradient.cpp"},
    {"improved_newton", "modules/second_order/newton.cpp"},
    {"newton_cg", "modules/second_order/newton.cpp"},
    {"inverse_free_newton", "modules/second_order/newton.cpp"},
    {"restart_every", "modules/misc/restart.cpp"},
    {"restart_on_stuck", "modules/misc/restart.cpp"},
    {"powell_restart", "modules/misc/restart.cpp"},
    // the dense quasi-Newton methods and gradient_correction: one file (and dense_parity.cpp)
    {"bfgs", "modules/quasi_newton/dense_quasi_newton.cpp"},
    {"sr1", "modules/quasi_newton/dense_quasi_newton.cpp"},
    {"dfp", "modules/quasi_newton/dense_quasi_newton.cpp"},
    {"broyden_good", "modules/quasi_newton/dense_quasi_newton.cpp"},
    {"broyden_bad", "modules/quasi_newton/dense_quasi_newton.cpp"},
    {"greenstadt1", "modules/quasi_newton/dense_quasi_newton.cpp"},
    {"greenstadt2", "modules/quasi_newton/dense_quasi_newton.cpp"},
    {"icum", "modules/quasi_newton/dense_quasi_newton.cpp"},
    {"thomas_optimal_method", "modules/quasi_newton/dense_quasi_newton.cpp"},
    {"psb", "modules/quasi_newton/dense_quasi_newton.cpp"},
    {"pearson", "modules/quasi_newton/dense_quasi_newton.cpp"},
    {"mccormick", "modules/quasi_newton/dense_quasi_newton.cpp"},
    {"projected_newton_raphson", "modules/quasi_newton/dense_quasi_newton.cpp"},
    {"ssvm", "modules/quasi_newton/dense_quasi_newton.cpp"},
    {"horisho", "modules/quasi_newton/dense_quasi_newton.cpp"},
    {"fletcher_vmm", "modules/quasi_newton/dense_quasi_newton.cpp"},
    {"new_ssm", "modules/quasi_newton/dense_quasi_newton.cpp"},
    {"shor_r", "modules/quasi_newton/dense_quasi_newton.cpp"},
    {"gradient_correction", "modules/quasi_newton/dense_quasi_newton.cpp"},
    {"diagonal_bfgs", "modules/quasi_newton/diagonal_quasi_newton.cpp"},
    {"diagonal_quasi_cauchi", "modules/quasi_newton/diagonal_quasi_newton.cpp"},
    {"diagonal_sr1", "modules/quasi_newton/diagonal_quasi_newton.cpp"},
    {"diagonal_weighted_quasi_cauchi", "modules/quasi_newton/diagonal_quasi_newton.cpp"},
    {"div_by_loss", "modules/misc/mul_by_loss.cpp"},
    {"dyhs", "modules/conjugate_gradient/conjugate_gradient.cpp"},
    {"fletcher_reeves", "modules/conjugate_gradient/conjugate_gradient.cpp"},
    {"fdm", "modules/grad_approximation/grad_approximation.cpp"},
    {"randomized_fdm", "modules/grad_approximation/grad_approximation.cpp"},
    {"spsa", "modules/grad_approximation/grad_approximation.cpp"},
    {"rdsa", "modules/grad_approximation/grad_approximation.cpp"},
    {"gaussian_smoothing", "modules/grad_approximation/grad_approximation.cpp"},
    {"mezo", "modules/grad_approximation/grad_approximation.cpp"},
    {"spsa1", "modules/grad_approximation/grad_approximation.cpp"},
    {"forward_gradient", "modules/grad_approximation/grad_approximation.cpp"},
    {"asam", "modules/adaptive/sam.cpp"},
    {"adahessian", "modules/adaptive/hutchinson.cpp"},
    {"sophia_h", "modules/adaptive/hutchinson.cpp"},
    {"esgd", "modules/adaptive/hutchinson.cpp"},
    {"random_hvp", "modules/adaptive/hutchinson.cpp"},
    {"fill_loss", "modules/misc/mul_by_loss.cpp"},
    {"hager_zhang", "modules/conjugate_gradient/conjugate_gradient.cpp"},
    {"hestenes_stiefel", "modules/conjugate_gradient/conjugate_gradient.cpp"},
    {"lerp", "core/branch.cpp"},
    {"liu_storey", "modules/conjugate_gradient/conjugate_gradient.cpp"},
    {"dnrtr", "modules/quasi_newton/diagonal_quasi_newton.cpp"},
    {"new_dqn", "modules/quasi_newton/diagonal_quasi_newton.cpp"},
    {"polak_ribiere", "modules/conjugate_gradient/conjugate_gradient.cpp"},
};

struct module_header {
    std::string family, name;
    friend bool operator<(module_header const& a, module_header const& b) {
        return std::tie(a.family, a.name) < std::tie(b.family, b.name);
    }
};

/// include/tzero/modules/<family>/<name>.hpp, but detail/.
std::vector<module_header> module_headers() {
    namespace fs = std::filesystem;
    std::vector<module_header> out;
    for (auto const& family : fs::directory_iterator(TZERO_SOURCE_DIR "/include/tzero/modules")) {
        if (!family.is_directory() || family.path().filename() == "detail") continue;
        for (auto const& header : fs::directory_iterator(family.path()))
            if (header.is_regular_file() && header.path().extension() == ".hpp")
                out.push_back({family.path().filename().string(), header.path().stem().string()});
    }
    std::sort(out.begin(), out.end());
    return out;
}

/// The name of every module configuration in the suites over every module.
std::set<std::string> names_in_the_suites() {
    std::set<std::string> out;
    tzero_test::for_each_module_under_test(
        [&](auto const& module) { out.insert(std::remove_cvref_t<decltype(module)>::name); });
    return out;
}

std::string read(std::string const& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// `word` in `text`, not as part of a longer identifier.
bool mentions(std::string const& text, std::string const& word) {
    auto const ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
        auto const end = at + word.size();
        if ((at == 0 || !ident(text[at - 1])) && (end == text.size() || !ident(text[end]))) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("catalogue: one row per tz.m class", "[modules][catalogue]") {
    std::ifstream in(TZERO_REFERENCE_DIR "/torchzero_modules.txt");
    REQUIRE(in);
    std::set<std::string> classes;
    for (std::string name; std::getline(in, name);) classes.insert(name);
    REQUIRE(classes.size() > 250);

    std::map<std::string, int> seen;
    for (auto const& r : catalogue())
        for (auto const& n : r.torchzero) ++seen[n];
    for (auto const& name : classes) {
        INFO("tz.m." << name);
        CHECK(seen[name] == 1);
    }
    for (auto const& [name, count] : seen) {  // a class tz.m does not export is named by its path
        INFO(name << " is not a tz.m class");
        CHECK((classes.count(name) == 1 || name.find('.') != std::string::npos));
    }
}

TEST_CASE("catalogue: every tzero module is done, with its kind, slots and passes", "[modules][catalogue]") {
    auto const rows = catalogue();
    std::set<std::string> modules;
    tzero_test::for_each_module_under_test([&](auto const& module) {
        using M = std::remove_cvref_t<decltype(module)>;
        modules.insert(M::name);
        INFO("tzero module " << M::name);
        auto const call = spelled_as_call_on.find(M::name);
        std::string const name = call != spelled_as_call_on.end() ? call->second : M::name;
        auto const r = std::find_if(rows.begin(), rows.end(), [&](row const& x) {
            return std::find(x.tzero.begin(), x.tzero.end(), name) != x.tzero.end();
        });
        REQUIRE(r != rows.end());
        CHECK(done(*r));
        constexpr bool reduces = tzero::reduce_module<M>;
        CHECK(r->kind.find(reduces ? "reduce" : "elementwise") != std::string::npos);
        CHECK(r->passes.find(reduces ? "1" : "0") != std::string::npos);
        // "1 / 2" lists the slots of each form; "other's" a branch's
        if (r->slots.find("'s") == std::string::npos) {
            std::stringstream in(r->slots);
            std::set<std::string> listed;
            for (std::string word; in >> word;) listed.insert(word);
            CHECK(listed.count(std::to_string(M::state_slots)) == 1);
        }
    });

    for (auto const& [name, covered_by] : outside_the_suites) modules.insert(name);
    for (auto const& r : rows)
        if (done(r))
            for (auto const& n : r.tzero) {
                INFO("a row says `" << n << "` is done");
                CHECK(modules.count(n) == 1);
            }
}

TEST_CASE("catalogue: every module header is in the suites, documented and tested", "[modules][catalogue]") {
    auto const headers = module_headers();
    REQUIRE(headers.size() > 100);
    auto const rows = catalogue();
    auto const suites = names_in_the_suites();
    std::set<std::string> names;
    for (auto const& [family, name] : headers) {
        names.insert(name);
        std::string const module = "module `" + name + "` (include/tzero/modules/" + family + "/" + name + ".hpp)";
        {
            INFO(module << " is not in the suites over every module: add its configurations to "
                           "for_each_module_under_test in tests/modules_under_test.hpp (or, if the "
                           "suites cannot run it, to outside_the_suites in tests/modules/catalogue.cpp)");
            CHECK((suites.count(name) == 1 || outside_the_suites.count(name) == 1));
        }
        {
            INFO(module << " has no done row in docs/modules.md: name it in its torchzero class's row");
            CHECK(std::any_of(rows.begin(), rows.end(), [&](row const& r) {
                return done(r) && std::find(r.tzero.begin(), r.tzero.end(), name) != r.tzero.end();
            }));
        }
        {
            INFO(module << " is not on its family page: document it in docs/modules/" << family << ".md");
            CHECK(mentions(read(TZERO_DOCS_DIR "/modules/" + family + ".md"), name));
        }
        {
            auto const elsewhere = tested_elsewhere.find(name);
            std::string const test =
                elsewhere != tested_elsewhere.end() ? elsewhere->second : "modules/" + family + "/" + name + ".cpp";
            INFO(module << " has no test: write tests/" << test);
            CHECK(std::filesystem::is_regular_file(TZERO_SOURCE_DIR "/tests/" + test));
        }
    }
    // the exceptions name modules that exist
    for (auto const& [name, covered_by] : outside_the_suites) {
        INFO("tests/modules/catalogue.cpp: outside_the_suites names `" << name << "`, which has no header");
        CHECK(names.count(name) == 1);
        INFO("its test, " << covered_by << ", does not exist");
        CHECK(std::filesystem::is_regular_file(TZERO_SOURCE_DIR "/" + covered_by));
    }
    for (auto const& [name, test] : tested_elsewhere) {
        INFO("tests/modules/catalogue.cpp: tested_elsewhere names `" << name << "`, which has no header");
        CHECK(names.count(name) == 1);
        INFO("its test, tests/" << test << ", does not exist");
        CHECK(std::filesystem::is_regular_file(TZERO_SOURCE_DIR "/tests/" + test));
    }
}
