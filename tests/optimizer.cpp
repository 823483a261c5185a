// The optimizer object: parameters as xtensor containers or foreign memory, runtime
// hyperparameters, owned state, empty and tiny tensors.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <span>
#include <vector>

#include <xtensor/xarray.hpp>
#include <xtensor/xtensor.hpp>
#include <xtensor/xview.hpp>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

TEST_CASE("optimizer: xtensor containers in, parameters updated in place", "[optimizer]") {
    xt::xtensor<double, 2> w = {{1.0, -2.0, 3.0}, {0.5, 0.0, -1.0}};
    xt::xarray<double> b = {0.25, -0.25};
    xt::xtensor<double, 2> dw = {{0.1, 0.2, -0.3}, {0.0, 1.0, -2.0}};
    xt::xarray<double> db = {1.0, -1.0};
    optimizer opt(sign() | lr(0.5), params(w, b));
    static_assert(std::is_same_v<decltype(opt), optimizer<chain<sign, lr<>>, double>>);
    opt.step(dw, db);
    CHECK(w(0, 0) == 0.5);
    CHECK(w(0, 2) == 3.5);
    CHECK(w(1, 0) == 0.5);  // sign(0) = 0: no move
    CHECK(w(1, 2) == -0.5);
    CHECK(b(0) == -0.25);
    CHECK(b(1) == 0.25);
    CHECK(opt.steps() == 1);
}

TEST_CASE("optimizer: contiguous xtensor views step their own elements, not their container's first",
          "[optimizer][views]") {
    // xt::view(M, range(2, 4), all()) and xt::row(M, 5) start data_offset() past M.data()
    xt::xtensor<float, 2> m = xt::zeros<float>({6, 3});
    auto rows = xt::view(m, xt::range(2, 4), xt::all());
    auto last = xt::row(m, 5);
    optimizer opt(lr(1.0), params(rows, last));
    xt::xtensor<float, 2> g = xt::ones<float>({2, 3});
    xt::xtensor<float, 1> g5 = {2.f, 2.f, 2.f};
    opt.step(g, g5);
    // gradients may be views too: rows 2-3 of G hold 5, its row 0 holds 100
    xt::xtensor<float, 2> big = xt::ones<float>({6, 3}) * 100.f;
    xt::view(big, xt::range(2, 4), xt::all()) = xt::ones<float>({2, 3}) * 5.f;
    opt.step(xt::view(big, xt::range(2, 4), xt::all()), xt::row(big, 0));
    for (std::size_t j = 0; j < 3; ++j) {
        for (std::size_t i : {0, 1, 4}) CHECK(m(i, j) == 0.f);
        CHECK(m(2, j) == -6.f);
        CHECK(m(3, j) == -6.f);
        CHECK(m(5, j) == -102.f);
    }
}

TEST_CASE("optimizer: step takes containers, views, ranges of const or mutable views, and a loss",
          "[optimizer][views]") {
    xt::xtensor<double, 1> w = {1.0, 2.0}, b = {3.0};
    xt::xtensor<double, 1> dw = {1.0, 1.0}, db = {1.0};
    auto const expect = [&](double w0, double b0) {
        CHECK(w(0) == w0);
        CHECK(w(1) == w0 + 1);
        CHECK(b(0) == b0);
    };
    optimizer opt(lr(0.5), params(w, b));
    opt.step(dw, db, 0.25);  // a chain that does not read the loss ignores it
    expect(0.5, 2.5);
    std::vector<tensor_view<double>> mutable_views{tensor_view<double>(dw), tensor_view<double>(db)};
    opt.step(mutable_views);
    expect(0.0, 2.0);
    opt.step(mutable_views, 1.5f);
    expect(-0.5, 1.5);
    std::vector<tensor_view<double const>> const_views(mutable_views.begin(), mutable_views.end());
    opt.step(const_views);
    opt.step(std::span(const_views), 2.0);
    expect(-1.5, 0.5);
    opt.step(tensor_view<double const>(dw), tensor_view<double>(db));
    expect(-2.0, 0.0);
    CHECK(opt.steps() == 6);

    // a chain that reads the loss gets it after the containers
    xt::xtensor<double, 1> p = {4.0};
    xt::xtensor<double, 1> dp = {2.0};
    optimizer by_loss(div_by_loss{} | lr(1.0), params(p));
    by_loss.step(dp, 4.0);  // p -= 2 / 4
    CHECK(p(0) == 3.5);
    by_loss.step(std::vector{tensor_view<double>(dp)}, 2.0);
    CHECK(p(0) == 2.5);

    // a refused step (wrong count, wrong shape) changes nothing, whatever the form
    CHECK_THROWS_WITH(opt.step(dw), Catch::Contains("got 1 gradients for 2 parameters"));
    CHECK_THROWS_WITH(opt.step(db, dw), Catch::Contains("has shape (1,) but parameter 0 has shape (2,)"));
    expect(-2.0, 0.0);
    CHECK(opt.steps() == 6);
}

TEST_CASE("optimizer: an observer sees every step that returns, with the reduce modules' values", "[optimizer]") {
    std::vector<double> a{0, 0}, b{0};
    std::vector<tensor_view<double>> ps{tensor_view<double>(a.data(), {2}), tensor_view<double>(b.data(), {1})};
    optimizer opt(clip_norm(1.0) | lr(0.5), ps, optimizer_options{.on_nonfinite = nonfinite::skip});
    using plan = decltype(opt)::plan;
    STATIC_REQUIRE(plan::reduced_width == 1);
    std::vector<step_report<double>> seen;
    std::vector<std::vector<double>> reduced;
    opt.on_step([&](step_report<double> const& r) {
        seen.push_back(r);
        reduced.emplace_back(r.reduced.begin(), r.reduced.end());
    });
    std::vector<double> ga{3, 4}, gb{0.5};
    std::vector<tensor_view<double const>> gs{tensor_view<double const>(ga.data(), {2}),
                                              tensor_view<double const>(gb.data(), {1})};
    opt.step(gs);
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].step == 1);
    CHECK(seen[0].applied);
    CHECK(std::isnan(seen[0].loss));
    CHECK(reduced[0] == std::vector<double>{0.2, 1.0});  // clip_norm's factors: 1/‖(3, 4)‖, and 1 (not clipped)
    CHECK(a[0] == Approx(-0.3));

    ga[0] = std::numeric_limits<double>::quiet_NaN();  // skipped: the observer still hears of it
    CHECK_FALSE(opt.step(gs, 2.5));
    REQUIRE(seen.size() == 2);
    CHECK(seen[1].step == 1);
    CHECK_FALSE(seen[1].applied);
    CHECK(seen[1].loss == 2.5);
    CHECK(seen[1].skipped == 1);

    opt.on_step(nullptr);
    ga[0] = 3;
    opt.step(gs);
    CHECK(seen.size() == 2);
    CHECK(opt.steps() == 2);

    // a step that throws is not reported
    optimizer raising(lr(1.0), ps, optimizer_options{.on_nonfinite = nonfinite::raise});
    int calls = 0;
    raising.on_step([&](auto const&) { ++calls; });
    ga[0] = std::numeric_limits<double>::infinity();
    CHECK_THROWS_AS(raising.step(gs), error);
    CHECK(calls == 0);
    std::vector<tensor_view<double const>> too_few{gs[0]};
    CHECK_THROWS_AS(raising.step(too_few), error);
    CHECK(calls == 0);
    ga[0] = 1;
    raising.step(gs);
    CHECK(calls == 1);
}

TEST_CASE("optimizer: a scheduled hyperparameter's value at a step is value_at(member, step)", "[optimizer]") {
    std::vector<float> p(4, 0.f), g(4, 1.f);
    optimizer opt(lr(cosine_schedule{.peak_lr = 1.0, .total_steps = 10}),
                  std::vector{tensor_view<float>(p.data(), {4})});
    tensor_view<float const> gv(g.data(), {4});
    auto const& schedule = opt.chain().get<lr>().lr;
    double moved = 0;
    for (int t = 1; t <= 3; ++t) {
        double const next = value_at(schedule, opt.steps() + 1);  // what the coming step uses
        opt.step(std::span(&gv, 1));
        moved += next;
        CHECK(value_at(schedule, opt.steps()) == next);  // what the last step used
        CHECK(p[0] == Approx(-moved));
    }
    CHECK(value_at(0.25, 7) == 0.25);  // a number is its own value at every step
}

TEST_CASE("optimizer: hyperparameters change between steps without a rebuild", "[optimizer]") {
    std::vector<float> p(10, 1.0f), g(10, 1.0f);
    optimizer opt(lr(0.1), std::vector{tensor_view<float>(p.data(), {10})});
    tensor_view<float const> gv(g.data(), {10});
    opt.step(std::span(&gv, 1));
    CHECK(p[3] == Approx(0.9f));
    opt.chain().get<lr>().lr = 0.5;
    opt.step(std::span(&gv, 1));
    CHECK(p[3] == Approx(0.4f));
    CHECK(opt.chain().get<0>().lr == 0.5);
}

TEST_CASE("optimizer: state is owned, zero-initialized, and inspectable per tensor", "[optimizer]") {
    tzero_test::tensor_list<float> p{{{3}, {1}, {0}, {5, 2}}}, g{{{3}, {1}, {0}, {5, 2}}};
    p.fill_normal(1);
    g.fill_normal(2);
    optimizer opt(adam() | lr(0.01), p.views());
    for (int s = 0; s < 2; ++s)
        for (std::size_t t = 0; t < 4; ++t)
            for (float x : opt.state(s, t)) CHECK(x == 0.0f);
    opt.step(g.const_views());
    CHECK(opt.state(0, 2).size() == 0);
    CHECK(opt.state(0, 3).size() == 10);
    // m = (1 − β1)·g after one step, v = (1 − β2)·g²
    CHECK(opt.state(0, 1)[0] == Approx(0.1f * g.values[1][0]));
    CHECK(opt.state(1, 3)[4] == Approx(0.001f * g.values[3][4] * g.values[3][4]));
    // the first Adam step moves every element by lr (up to ε): m̂/√v̂ = sign(g)
    CHECK(p.values[0][1] != 0);
}

TEST_CASE("optimizer: a copy owns its own state", "[optimizer]") {
    std::vector<double> p(4, 1.0), q(4, 1.0), g{1, -1, 2, 0};
    optimizer a(adam() | lr(0.1), std::vector{tensor_view<double>(p.data(), {4})});
    tensor_view<double const> gv(g.data(), {4});
    a.step(std::span(&gv, 1));
    auto b = a;
    CHECK(b.state(0, 0)[0] == a.state(0, 0)[0]);
    CHECK(b.state(0, 0).data() != a.state(0, 0).data());
    CHECK(b.steps() == 1);
    (void)q;
}

TEST_CASE("optimizer: an empty parameter list steps without work", "[optimizer]") {
    optimizer opt(clip_value(1) | adam() | lr(0.1) | cautious(normalized), std::vector<tensor_view<float>>{});
    opt.step(std::span<tensor_view<float const> const>{});
    CHECK(opt.steps() == 1);
}

TEMPLATE_TEST_CASE("optimizer: many tensors of many sizes step in one multi-tensor pass", "[optimizer]", float,
                   double) {
    using T = TestType;
    std::vector<std::vector<std::size_t>> shapes;
    for (std::size_t i = 0; i < 40; ++i) shapes.push_back({i * 37 % 101});
    tzero_test::tensor_list<T> p(shapes), g(shapes);
    p.fill_normal(11);
    auto ref = p.values;
    auto c = clip_value(1) | adam() | lr(0.1) | cautious() | weight_decay(1e-4);
    optimizer opt(c, p.views(), optimizer_options{.chunk_size = 16, .parallel_threshold = 0});
    std::vector<std::size_t> sizes;
    for (auto const& v : ref) sizes.push_back(v.size());
    tzero_test::reference_optimizer<decltype(c), T> reference(c, sizes);
    for (int s = 0; s < 5; ++s) {
        g.fill_normal(20 + unsigned(s));
        opt.step(g.const_views());
        reference.step(ref, g.values);
    }
    for (std::size_t t = 0; t < ref.size(); ++t)
        for (std::size_t i = 0; i < ref[t].size(); ++i) REQUIRE(p.values[t][i] == ref[t][i]);
}

namespace {
// Two tensors; the second gradient holds a NaN and an infinity on step 2.
template <class Chain>
struct nonfinite_run {
    tzero_test::tensor_list<float> p{{{5}, {9}}}, g{{{5}, {9}}};
    optimizer<as_chain_t<Chain>, float> opt;
    nonfinite_run(Chain c, nonfinite policy)
        : opt(c, (p.fill_normal(1), p.views()),
              optimizer_options{.chunk_size = 4, .parallel_threshold = 0, .on_nonfinite = policy}) {}
    bool step(int s, bool poison) {
        g.fill_normal(10 + unsigned(s));
        if (poison) {
            g.values[1][2] = std::numeric_limits<float>::quiet_NaN();
            g.values[1][7] = -std::numeric_limits<float>::infinity();
        }
        return opt.step(g.const_views());
    }
};
auto const nonfinite_chain = clip_value(1) | adam() | lr(0.1) | cautious(normalized) | weight_decay(1e-4);
}  // namespace

TEST_CASE("optimizer: non-finite gradients, propagate (the default) lets NaN through", "[optimizer][nonfinite]") {
    nonfinite_run run(nonfinite_chain, nonfinite::propagate);
    run.step(1, false);
    run.step(2, true);
    CHECK(std::isnan(run.p.values[1][2]));
}

TEST_CASE("optimizer: non-finite gradients, zero reads them as 0 inside the pass", "[optimizer][nonfinite]") {
    nonfinite_run zeroed(nonfinite_chain, nonfinite::zero), manual(nonfinite_chain, nonfinite::propagate);
    for (int s = 1; s <= 3; ++s) {
        zeroed.step(s, s == 2);
        manual.g.fill_normal(10 + unsigned(s));
        if (s == 2) manual.g.values[1][2] = manual.g.values[1][7] = 0.0f;
        manual.opt.step(manual.g.const_views());
    }
    CHECK(zeroed.p.values == manual.p.values);  // bitwise: the same as zeroing by hand
    for (float x : zeroed.p.values[1]) CHECK(std::isfinite(x));
}

// Raise and skip find the bad values inside the first pass of a chain cut by a reduce module
// (it writes nothing), and by one read of the gradients first in a one-pass chain.
auto const one_pass_chain = clip_value(1) | adam() | lr(0.1) | cautious() | weight_decay(1e-4);
static_assert(cpu::first_pass_checks_gradients<as_chain_t<decltype(nonfinite_chain)>>);
static_assert(!cpu::first_pass_checks_gradients<as_chain_t<decltype(one_pass_chain)>>);
static_assert(!cpu::first_pass_checks_gradients<as_chain_t<decltype(nonfinite_chain)>, handoff::materialize>);

template <class Chain>
void skip_leaves_everything_untouched(Chain const& chain) {
    nonfinite_run skipping(chain, nonfinite::skip), clean(chain, nonfinite::skip);
    CHECK(skipping.step(1, false));
    auto const params = skipping.p.values;
    std::vector<float> m(skipping.opt.state(0, 1).begin(), skipping.opt.state(0, 1).end());
    CHECK_FALSE(skipping.step(2, true));
    CHECK(skipping.p.values == params);
    CHECK(std::vector<float>(skipping.opt.state(0, 1).begin(), skipping.opt.state(0, 1).end()) == m);
    CHECK(skipping.opt.steps() == 1);
    CHECK(skipping.opt.skipped_steps() == 1);
    // the run goes on as if the bad step never came
    skipping.step(3, false);
    clean.step(1, false);
    clean.step(3, false);
    CHECK(skipping.p.values == clean.p.values);
}

template <class Chain>
void raise_changes_nothing(Chain const& chain) {
    nonfinite_run raising(chain, nonfinite::raise);
    raising.step(1, false);
    auto const params = raising.p.values;
    std::vector<float> v(raising.opt.state(1, 1).begin(), raising.opt.state(1, 1).end());
    CHECK_THROWS_WITH(raising.step(2, true), Catch::Contains("tzero: gradient 1 holds 2 NaN or infinite values"));
    CHECK(raising.p.values == params);
    CHECK(std::vector<float>(raising.opt.state(1, 1).begin(), raising.opt.state(1, 1).end()) == v);
    CHECK(raising.opt.steps() == 1);
    raising.step(3, false);  // and it goes on
    CHECK(raising.opt.steps() == 2);
}

TEST_CASE("optimizer: non-finite gradients, skip leaves everything untouched", "[optimizer][nonfinite]") {
    SECTION("found inside the first pass") { skip_leaves_everything_untouched(nonfinite_chain); }
    SECTION("found by a read first") { skip_leaves_everything_untouched(one_pass_chain); }
}

TEST_CASE("optimizer: non-finite gradients, raise names the gradient and changes nothing", "[optimizer][nonfinite]") {
    SECTION("found inside the first pass") { raise_changes_nothing(nonfinite_chain); }
    SECTION("found by a read first") { raise_changes_nothing(one_pass_chain); }
}
