// The reader of the reference trajectories in tests/reference/data (format: README.md beside
// this file), shared by reference/parity.cpp and presets.cpp.
#pragma once
#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace tzero_test {

/// One recorded case: the problem's shapes, the initial parameters, and per step the gradient
/// given and the parameters after it.
struct trajectory {
    std::string name, source, dtype;
    int steps = 0;
    std::vector<std::vector<std::size_t>> shapes;
    std::vector<double> init;
    std::vector<std::vector<double>> grads, params;  // [step - 1][flat index]
    std::vector<double> losses;                      // [step - 1], for the chains that read the loss
};

inline std::vector<double> read_values(std::istringstream& line) {
    std::vector<double> out;
    std::string token;
    while (line >> token) out.push_back(std::strtod(token.c_str(), nullptr));
    return out;
}

/// The rest of a "shape <ndim> <d0> <d1> ..." line.
inline std::vector<std::size_t> read_shape(std::istringstream& line) {
    std::size_t ndim = 0, d = 0;
    line >> ndim;
    std::vector<std::size_t> shape;
    while (ndim-- && line >> d) shape.push_back(d);
    return shape;
}

/// data/<name>.<dtype>.txt, checked for completeness.
inline trajectory load(std::string const& name, std::string const& dtype) {
    std::string path = std::string(TZERO_REFERENCE_DIR) + "/" + name + "." + dtype + ".txt";
    std::ifstream in(path);
    if (!in) FAIL("missing reference file " << path << " (run tests/reference/generate.py)");
    trajectory r;
    std::string text;
    while (std::getline(in, text)) {
        std::istringstream line(text);
        std::string key;
        line >> key;
        if (key == "case") line >> r.name;
        else if (key == "source") line >> r.source;
        else if (key == "dtype") line >> r.dtype;
        else if (key == "steps") line >> r.steps;
        else if (key == "shape") r.shapes.push_back(read_shape(line));
        else if (key == "init") r.init = read_values(line);
        else if (key == "loss") {
            int t = 0;
            line >> t;
            r.losses.push_back(read_values(line).at(0));
        } else if (key == "grad" || key == "param") {
            int t = 0;
            line >> t;
            (key == "grad" ? r.grads : r.params).push_back(read_values(line));
        }
    }
    REQUIRE(r.name == name);
    REQUIRE(r.dtype == dtype);
    REQUIRE(r.steps >= 50);
    REQUIRE(int(r.grads.size()) == r.steps);
    REQUIRE(int(r.params.size()) == r.steps);
    return r;
}

}  // namespace tzero_test
