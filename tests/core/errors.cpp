// Bad input gets a clear error and changes nothing.
#include <catch2/catch.hpp>

#include <limits>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;
using Catch::Contains;

TEST_CASE("errors: every module names itself and the bad value", "[core][errors]") {
    double const nan = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH(as_chain(lr(-1)).validate(), Contains("tzero: lr: lr must be") && Contains("got -1"));
    CHECK_THROWS_WITH(as_chain(lr{}).validate(), Contains("tzero: lr:") && Contains("got nan"));
    CHECK_THROWS_WITH(as_chain(clip_value(-2)).validate(), Contains("tzero: clip_value: value") && Contains("got -2"));
    CHECK_THROWS_WITH(as_chain(clip_norm(nan)).validate(), Contains("tzero: clip_norm: max_norm"));
    CHECK_THROWS_WITH(as_chain(adam{.beta2 = 1.5}).validate(), Contains("tzero: adam: beta2") && Contains("got 1.5"));
    CHECK_THROWS_WITH(as_chain(adam{.eps = 0}).validate(), Contains("tzero: adam: eps must be > 0"));
    CHECK_THROWS_WITH(as_chain(adam{.eps = -1e-8}).validate(), Contains("got -1e-08"));
    CHECK_THROWS_WITH(as_chain(cautious{.eps = 0}).validate(), Contains("tzero: cautious: eps"));
    CHECK_THROWS_WITH(as_chain(cautious<normalized_t>{.mode = cautious_mode::grad}).validate(),
                      Contains("normalization applies to mode zero only"));
    CHECK_THROWS_WITH(as_chain(weight_decay(nan)).validate(), Contains("tzero: weight_decay"));
    CHECK_THROWS_WITH(as_chain(weight_decay{.weight_decay = 1, .ord = 0}).validate(), Contains("ord must be >= 1"));
    CHECK_THROWS_WITH(as_chain(ema{.momentum = 1}).validate(), Contains("momentum must be in [0, 1)"));
    CHECK_THROWS_WITH(as_chain(heavy_ball{.dampening = 2}).validate(), Contains("dampening"));
    CHECK_THROWS_WITH(as_chain(nag{.momentum = -0.1}).validate(), Contains("tzero: nag: momentum"));
    CHECK_THROWS_WITH(as_chain(rmsprop{.smoothing = 1}).validate(), Contains("tzero: rmsprop: smoothing"));
    CHECK_THROWS_WITH(as_chain(adagrad{.lr_decay = -1}).validate(), Contains("tzero: adagrad: lr_decay"));
    CHECK_THROWS_WITH(as_chain(adagrad{.initial_accumulator_value = -1}).validate(),
                      Contains("initial_accumulator_value"));
}

namespace {
struct fixture {
    tzero_test::tensor_list<float> p{{{4, 5}, {7}}};
    tzero_test::tensor_list<float> g{{{4, 5}, {7}}};
    fixture() {
        p.fill_normal(1);
        g.fill_normal(2);
    }
};
}  // namespace

TEST_CASE("errors: a mismatched gradient list names the index and both shapes, and changes nothing",
          "[core][errors][optimizer]") {
    fixture f;
    optimizer opt(adam() | lr(0.1), f.p.views());
    opt.step(f.g.const_views());
    auto const params_before = f.p.values;
    std::vector<float> m_before(opt.state(0, 0).begin(), opt.state(0, 0).end());

    auto wrong_count = f.g.const_views();
    wrong_count.pop_back();
    CHECK_THROWS_WITH(opt.step(wrong_count), Contains("tzero: step() got 1 gradients for 2 parameters"));

    tzero_test::tensor_list<float> transposed{{{5, 4}, {7}}};
    CHECK_THROWS_WITH(opt.step(transposed.const_views()),
                      Contains("gradient 0 has shape (5, 4) but parameter 0 has shape (4, 5)"));

    auto null_data = f.g.const_views();
    null_data[1].data = nullptr;
    CHECK_THROWS_WITH(opt.step(null_data), Contains("gradient 1 has no data"));

    CHECK(opt.steps() == 1);
    CHECK(f.p.values == params_before);
    CHECK(std::vector<float>(opt.state(0, 0).begin(), opt.state(0, 0).end()) == m_before);
}

TEST_CASE("errors: a hyperparameter made invalid between steps is caught before the step", "[core][errors]") {
    fixture f;
    optimizer opt(adam() | lr(0.1), f.p.views());
    opt.step(f.g.const_views());
    auto const before = f.p.values;
    opt.chain().get<lr>().lr = -0.1;
    CHECK_THROWS_WITH(opt.step(f.g.const_views()), Contains("tzero: lr: lr must be") && Contains("got -0.1"));
    CHECK(opt.steps() == 1);
    CHECK(f.p.values == before);
    opt.chain().get<lr>().lr = 0.1;
    CHECK_NOTHROW(opt.step(f.g.const_views()));
    CHECK(opt.steps() == 2);
}

TEST_CASE("errors: bad parameters and state queries", "[core][errors]") {
    std::vector<tensor_view<float>> params{tensor_view<float>(nullptr, {3})};
    CHECK_THROWS_WITH(optimizer(adam(), params), Contains("parameter 0 of shape (3,) has no data"));
    CHECK_THROWS_AS(optimizer(lr(-1), params), tzero::error);
    fixture f;
    optimizer opt(adam() | lr(0.1), f.p.views());
    CHECK_THROWS_WITH(opt.state(2, 0), Contains("out of range"));
    CHECK_THROWS_WITH(opt.state(0, 2), Contains("out of range"));
}
