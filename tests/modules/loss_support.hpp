// Helpers of the tests of modules that read the loss (bold_driver, polyak_step_size,
// adaptive_heavy_ball): an optimizer stepped with step(grads, loss).
#pragma once
#include <span>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <tzero/backends/cuda/emulate.hpp>
#include <tzero/checkpoint.hpp>
#include <tzero/tzero.hpp>

#include "support.hpp"

namespace loss_test {
using namespace tzero;

/// One parameter tensor stepped with a loss; `step` returns the update (p before − p after).
template <class T, class C>
struct stepper {
    std::vector<T> p;
    optimizer<as_chain_t<C>, T> opt;
    stepper(C const& c, std::vector<T> p0)
        : p(std::move(p0)), opt(c, std::vector{tensor_view<T>(p.data(), {p.size()})}) {}
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

/// `c` stepped with a loss: the emulated CUDA kernel bodies agree with the CPU (in `T`, within
/// `rel`), and a checkpoint taken after 3 steps and loaded into `fresh` (the same chain with
/// other hyperparameters) restores the persistent scalars and continues bitwise.
template <class T, class C, class F>
void check_backends_and_checkpoint(C const& c, F const& fresh, double rel) {
    tzero_test::tensor_list<T> p({{5, 7}, {3}}), q({{5, 7}, {3}});
    p.fill_normal(3);
    q.values = p.values;
    optimizer cpu{c, p.views()};
    cuda::emulated_optimizer gpu(c, q.views(), 16, cuda::launch_shape{2, 8});
    run_with_loss(cpu, p, 0, 5);
    run_with_loss(gpu, q, 0, 5);
    for (std::size_t i = 0; i < p.values.size(); ++i)
        for (std::size_t j = 0; j < p.values[i].size(); ++j)
            CHECK(q.values[i][j] == Approx(p.values[i][j]).epsilon(rel));

    tzero_test::tensor_list<double> a({{3, 5}, {7}});
    a.fill_normal(2);
    auto b = a;
    optimizer saved(c, a.views());
    run_with_loss(saved, a, 0, 3);
    optimizer restored(fresh, b.views());
    from_checkpoint(restored, to_checkpoint(saved));
    CHECK(describe(restored.chain()) == describe(saved.chain()));
    using P = plan_of<as_chain_t<C>>;
    for (std::size_t k = 0; k < P::reduce_slots; ++k) CHECK(restored.reduce_state(0)[k] == saved.reduce_state(0)[k]);
    b.values = a.values;
    run_with_loss(saved, a, 3, 6);
    run_with_loss(restored, b, 3, 6);
    REQUIRE(b.values == a.values);
}

}  // namespace loss_test
