// Helpers of the tests of modules that read the loss (bold_driver, polyak_step_size,
// adaptive_heavy_ball): an optimizer stepped with step(grads, loss).
#pragma once
#include <span>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

namespace loss_test {
using namespace tzero;

/// One parameter tensor stepped with a loss; `step` returns the update (p before − p after).
template <class T, class C>
struct stepper {
    std::vector<T> p;
    optimizer<as_chain_t<C>, T> opt;
    stepper(C const& c, std::vector<T> p0) : p(std::move(p0)), opt(c, std::vector{tensor_view<T>(p.data(), {p.size()})}) {}
    std::vector<T> step(std::vector<T> const& g, double loss) {
        auto before = p;
        tensor_view<T const> gv(g.data(), {g.size()});
        opt.step(std::span(&gv, 1), loss);
        for (std::size_t i = 0; i < p.size(); ++i) before[i] -= p[i];
        return before;
    }
};
template <class T, class C>
stepper<T, C> make(C const& c, std::vector<T> p0 = {T(1), T(2)}) {
    return stepper<T, C>(c, std::move(p0));
}

/// Gradients p + noise and the loss ½‖p‖², from step `from` to `to`.
template <class Opt, class T>
void run_with_loss(Opt& opt, tzero_test::tensor_list<T>& p, int from, int to) {
    tzero_test::tensor_list<T> g(p.shapes);
    for (int t = from; t < to; ++t) {
        g.fill_normal(unsigned(100 + t), 0.1);
        double loss = 0;
        for (std::size_t i = 0; i < p.values.size(); ++i)
            for (std::size_t j = 0; j < p.values[i].size(); ++j) {
                g.values[i][j] += p.values[i][j];
                loss += 0.5 * double(p.values[i][j]) * double(p.values[i][j]);
            }
        opt.step(g.const_views(), loss);
    }
}

}  // namespace loss_test
