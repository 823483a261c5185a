// Branches: a chain inside a module (torchzero's Chainable operand). Its state slots become the
// module's, its math is inlined into the same pass (no pass, no stream added), and it is printed
// and validated as part of the module.
#include <catch2/catch.hpp>

#include <array>
#include <string>
#include <vector>

#include <tzero/tzero.hpp>

#include "support.hpp"

using namespace tzero;

TEST_CASE("branch: a module or a chain converts to one, its slots are the module's", "[core][branch]") {
    auto const l = lerp(adam() | lr(0.1), 0.5);
    using L = std::remove_cvref_t<decltype(l)>;
    STATIC_REQUIRE(std::is_same_v<L, lerp<branch<chain<adam, lr<>>>>>);
    STATIC_REQUIRE(module<L>);
    STATIC_REQUIRE(std::is_trivially_copyable_v<L>);
    STATIC_REQUIRE(L::state_slots == 2);
    STATIC_REQUIRE(std::is_same_v<operand_t<int>, double>);
    STATIC_REQUIRE(std::is_same_v<operand_t<sign>, branch<chain<sign>>>);

    // nesting costs nothing: the same passes and bytes as the chain without the branch
    using nested = plan_of<decltype(clip_value(1) | lerp(adam(), 0.5) | lr(0.1) | cautious())>;
    using flat = plan_of<decltype(clip_value(1) | adam() | lr(0.1) | cautious())>;
    STATIC_REQUIRE(nested::passes == 1);
    STATIC_REQUIRE(nested::bytes_per_element<float> == flat::bytes_per_element<float>);
    // a branch that reads the parameter makes its module read it
    STATIC_REQUIRE(!uses_param_v<L>);
    STATIC_REQUIRE(uses_param_v<lerp<branch<chain<weight_decay<>>>>>);
}

TEST_CASE("branch: printed and validated with its module", "[core][branch]") {
    auto l = lerp(sign() | lr(0.25), 0.5);
    CHECK(describe(l) == "lerp(end=[sign() | lr(lr=0.25)], weight=0.5)");
    l.end.chain.get<lr>().lr = -1;
    CHECK_THROWS_WITH(validate(l), Catch::Contains("tzero: lr: lr must be"));
    l.end.chain.get<lr>().lr = 1;
    l.weight = std::nan("");
    CHECK_THROWS_WITH(validate(l), Catch::Contains("tzero: lerp: weight must be a finite number"));
}

TEMPLATE_TEST_CASE("branch: lerp(adam(), w) steps between the update and Adam's step", "[core][branch]", float,
                   double) {
    using T = TestType;
    // by hand: Adam's state is lerp's, and lerp mixes the incoming update with Adam's output
    tzero_test::harness<T, decltype(lerp(adam(), 0.25) | lr(0.5))> h(lerp(adam(), 0.25) | lr(0.5),
                                                                     std::vector<T>(3, T(0)));
    tzero_test::harness<T, decltype(adam() | lr(1))> a(adam() | lr(1), std::vector<T>(3, T(0)));
    for (int step = 0; step < 4; ++step) {
        std::vector<T> g = {T(0.5 + step), T(-2), T(0.125 * step)};
        auto const adam_step = a.step(g);
        auto const u = h.step(g);
        for (std::size_t i = 0; i < g.size(); ++i)
            CHECK(u[i] == Approx(0.5 * (g[i] + 0.25 * (adam_step[i] - g[i]))).epsilon(1e-6));
    }
    // and its state is Adam's
    CHECK(h.optimizer().state(0, 0)[1] == Approx(a.optimizer().state(0, 0)[1]));
    CHECK(h.optimizer().state(1, 0)[1] == Approx(a.optimizer().state(1, 0)[1]));
}

TEST_CASE("operands: a pack's slots, order and values", "[core][branch][operands]") {
    auto const p = make_operands(adam(), 1, sign() | lr(0.5), ema());
    using P = std::remove_cvref_t<decltype(p)>;
    STATIC_REQUIRE(std::is_trivially_copyable_v<P>);
    STATIC_REQUIRE(P::size == 4);
    STATIC_REQUIRE(P::branches == 3);
    STATIC_REQUIRE(P::state_slots == 3);
    STATIC_REQUIRE(P::first_slot == std::array<int, 5>{0, 2, 2, 2, 3});
    STATIC_REQUIRE(P::branches_first == std::array<std::size_t, 4>{0, 2, 3, 1});  // torchzero sorts numbers last
    STATIC_REQUIRE(!P::holds_branch<1>);
    STATIC_REQUIRE(!P::uses_param);
    STATIC_REQUIRE(decltype(make_operands(1.0, weight_decay(0.1)))::uses_param);
    CHECK(to_string(make_operands(sign(), 2.5)) == "[[sign()], 2.5]");

    // each operand reads its own slots; `select` evaluates one operand and leaves the others' state
    double state[3] = {0, 0, 0};
    auto const k = p.per_step(1);
    element<double, 3> const e{2.0, 0.0, {state}, 0.0};
    CHECK(p.value<1>(k, 2.0, e) == 1.0);
    CHECK(p.value<2>(k, -2.0, e) == -0.5);
    CHECK(p.value<3>(k, 2.0, e) == Approx(0.2));  // ema's slot is the pack's third
    CHECK(state[2] == Approx(0.2));
    CHECK(p.select(2, k, 4.0, e) == 0.5);
    CHECK((state[0] == 0 && state[1] == 0));  // adam was not evaluated
    CHECK(p.select(9, k, 4.0, e) == 4.0);
    CHECK(p.fold(k, 1.0, e, [](double a, double x, auto) { return a + x; }) != 0);

    // the single-operand API is the pack's building block and still stands alone
    CHECK(operand_value(1.5, no_coeffs{}, 2.0, e) == 1.5);
    STATIC_REQUIRE(operand_slots<branch<chain<adam>>> == 2);
}
