// docs/modules.md cannot drift: its table has exactly one row per class torchzero's `tz.m`
// exports (the list generate.py writes from torchzero's source; a class it does not export is
// written as its module path), every module tzero has appears as done with its kind, state slots
// and passes, and no row claims "done" for a module tzero lacks.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
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
        auto const r = std::find_if(rows.begin(), rows.end(), [](row const& x) {
            return std::find(x.tzero.begin(), x.tzero.end(), M::name) != x.tzero.end();
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

    modules.insert("sqrt");  // NaN behind adam's negative steps: tests/modules/ops/sqrt.cpp runs it behind abs
    // read the loss, which the suites over every module do not give: tests/modules/misc/mul_by_loss.cpp
    modules.insert("mul_by_loss");
    modules.insert("div_by_loss");
    modules.insert("fill_loss");
    modules.insert("aegd");  // tests/modules/adaptive/aegd.cpp
    modules.insert("polyak_step_size");     // tests/modules/step_size/polyak_step_size.cpp
    modules.insert("bold_driver");          // tests/modules/step_size/bold_driver.cpp
    modules.insert("adaptive_heavy_ball");  // tests/modules/adaptive/adaptive_heavy_ball.cpp
    for (auto const& r : rows)
        if (done(r))
            for (auto const& n : r.tzero) {
                INFO("a row says `" << n << "` is done");
                CHECK(modules.count(n) == 1);
            }
}
