// Composition: `|` flattens, is associative in type and value, and keeps modules trivially copyable.
#include <catch2/catch.hpp>

#include <type_traits>

#include <tzero/tzero.hpp>

using namespace tzero;

namespace {
constexpr auto a = clip_value(1);
constexpr auto b = adam();
constexpr auto c = lr(0.1);
constexpr auto d = cautious();
}  // namespace

static_assert(std::is_same_v<decltype(a | b | c), chain<clip_value, adam, lr<>>>);
static_assert(std::is_same_v<decltype(a | (b | c)), decltype((a | b) | c)>);
static_assert(std::is_same_v<decltype((a | b) | (c | d)), chain<clip_value, adam, lr<>, cautious<>>>);
static_assert(std::is_trivially_copyable_v<decltype(a | b | c | d)>);
static_assert(module<adam> && module<lr<>> && module<cautious<normalized_t>> && module<clip_norm<global_t>>);
static_assert(!module<int> && !module_or_chain<double>);
static_assert(elementwise_module<cautious<>> && reduce_module<cautious<normalized_t>>);
static_assert(std::is_same_v<decltype(cautious(normalized)), cautious<normalized_t>>);
static_assert(std::is_same_v<decltype(clip_norm(1.0, global)), clip_norm<global_t>>);
static_assert(std::is_same_v<decltype(rmsprop(0.9, 1e-8, centered)), rmsprop<centered_t>>);
static_assert(std::is_same_v<as_chain_t<adam>, chain<adam>>);
// Composition is a constant expression, and the hyperparameters travel with the type.
static_assert((a | b | c).get<2>().lr == 0.1);
static_assert((a | b | c).get<adam>().beta2 == 0.999);

TEST_CASE("chain: hyperparameters are runtime values", "[core][chain]") {
    auto ch = clip_value(1) | adam() | lr(0.1);
    ch.get<lr>().lr = 0.05;
    ch.get<1>().beta1 = 0.8;
    CHECK(ch.get<2>().lr == 0.05);
    CHECK(ch.get<adam>().beta1 == 0.8);
    auto nested = (ch | sign()) | (weight_decay(1e-4) | lr(2));
    STATIC_REQUIRE(decltype(nested)::size == 6);
    CHECK(nested.get<0>().value == 1);
    CHECK(nested.get<5>().lr == 2);
    CHECK(nested.get<lr>().lr == 0.05);  // get<M> finds the first module of type M
}

TEST_CASE("chain: composing checks hyperparameters at run time", "[core][chain]") {
    double const negative = -0.1;
    CHECK_THROWS_AS(adam() | lr(negative), tzero::error);
    CHECK_THROWS_WITH(adam{.beta1 = 1.0} | lr(1),
                      Catch::Contains("tzero: adam: beta1 must be in [0, 1)") && Catch::Contains("got 1"));
    CHECK_NOTHROW(adam() | lr(0));
}
