// A closure for the tests of modules stepped with step(closure) (sam, the homotopies): over the
// elements of a tensor_list, f = Σ (c_i·x_i²/2 + x_i⁴/4) (c_i = 1 + i mod 3), counting its calls
// and throwing at call `throw_at`; with `h` and `slope`, the closure of h∘f itself, which returns
// h(f) and writes h′(f)·∇f.
#pragma once
#include <cstddef>
#include <span>
#include <stdexcept>
#include <vector>

#include <tzero/core/tensor_view.hpp>

#include "support.hpp"

namespace tzero_test {

struct quartic {
    tensor_list<double>& p;
    double (*h)(double) = nullptr;
    double (*slope)(double) = nullptr;
    int calls = 0, gradient_calls = 0, throw_at = -1;

    static double value(std::vector<double> const& x, std::vector<double>* g = nullptr) {
        double f = 0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            double const c = 1.0 + double(i % 3);
            f += c * x[i] * x[i] / 2 + x[i] * x[i] * x[i] * x[i] / 4;
            if (g) (*g)[i] = c * x[i] + x[i] * x[i] * x[i];
        }
        return f;
    }
    double operator()(std::span<tzero::tensor_view<double> const> grads) {
        if (calls++ == throw_at) throw std::runtime_error("user closure failed");
        std::vector<double> const x = p.flat();
        std::vector<double> g(x.size());
        double const f = value(x, &g);
        if (!grads.empty()) ++gradient_calls;
        double const d = slope ? slope(f) : 1.0;
        std::size_t k = 0;
        for (auto const& view : grads)
            for (std::size_t i = 0; i < view.size(); ++i, ++k) view.data[i] = slope ? d * g[k] : g[k];
        return h ? h(f) : f;
    }
};

/// A quartic closure that records the point of every call.
struct recording_quartic {
    quartic f;
    std::vector<std::vector<double>> points = {};
    double operator()(std::span<tzero::tensor_view<double> const> grads) {
        points.push_back(f.p.flat());
        return f(grads);
    }
};

}  // namespace tzero_test
