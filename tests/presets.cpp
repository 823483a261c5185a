// Presets (<tzero/presets.hpp>): each is exactly the chain it claims, planned as the passes it
// claims, with every hyperparameter in its place; and each lands on torch.optim's parameters
// (torchzero's where torch 1.13 has no such optimizer) after every one of 60 recorded steps, to
// the tolerance of tests/reference/parity.cpp (fp32: 1e-5 relative, fp64: 1e-12).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include <tzero/presets.hpp>
#include <tzero/tzero.hpp>

#include "reference/trajectory.hpp"
#include "support.hpp"

using namespace tzero;

namespace {

// ------------------------------------------------------------------ the chains they are
template <class Preset, class... Ms>
constexpr bool is = std::is_same_v<Preset, chain<Ms...>>;

static_assert(is<decltype(presets::adam()), adam, lr<>>);
static_assert(is<decltype(presets::adam(1e-3, 0.9, 0.999, 1e-8, amsgrad_on)), basic_adam<true>, lr<>>);
static_assert(is<decltype(presets::adamw()), adam, weight_decay<>, lr<>>);
static_assert(
    is<decltype(presets::adamw(1e-3, 1e-2, 0.9, 0.999, 1e-8, amsgrad_on)), basic_adam<true>, weight_decay<>, lr<>>);
static_assert(is<decltype(presets::sgd(0.1)), lr<>>);
static_assert(is<decltype(presets::sgd(0.1, 0.9)), ema, lr<>>);
static_assert(is<decltype(presets::sgd(0.1, 0.9, presets::nesterov)), nag, lr<>>);
static_assert(is<decltype(presets::lion()), lion, weight_decay<>, lr<>>);
static_assert(is<decltype(presets::rmsprop()), rmsprop<>, lr<>>);
static_assert(is<decltype(presets::rmsprop(0.01, 0.99, 1e-8, centered)), rmsprop<centered_t>, lr<>>);
static_assert(is<decltype(presets::rmsprop(0.01, 0.99, 1e-8, 0.9)), rmsprop<>, ema, lr<>>);
static_assert(is<decltype(presets::rmsprop(0.01, 0.99, 1e-8, 0.9, centered)), rmsprop<centered_t>, ema, lr<>>);
static_assert(is<decltype(presets::adagrad()), adagrad, lr<>>);
static_assert(is<decltype(presets::cautious_adamw()), adam, cautious<>, weight_decay<>, lr<>>);
static_assert(is<decltype(presets::cautious_adamw(1e-3, 1e-2, 0.9, 0.999, 1e-8, normalized)), adam,
                 cautious<normalized_t>, weight_decay<>, lr<>>);
static_assert(is<decltype(presets::seed()), clip_value, adam, lr<>, cautious<>, weight_decay<>>);
static_assert(std::is_same_v<decltype(presets::seed()),
                             decltype(clip_value(1) | adam() | lr(0.1) | cautious() | weight_decay(1e-4))>);
// The learning rate may be a schedule; `get<lr>()` finds it as in any chain.
static_assert(is<decltype(presets::adamw(cosine_schedule{.peak_lr = 1e-3, .total_steps = 100})), adam, weight_decay<>,
                 lr<cosine_schedule>>);

// ------------------------------------------------------------------ their plans
// One pass each, but for normalized caution (a global mean of the mask: two). Bytes per fp32
// element: p and g read, p written (12), plus a read and a write per state slot.
template <class Preset>
constexpr bool passes_and_bytes(int passes, int bytes) {
    return plan_of<Preset>::passes == passes && plan_of<Preset>::template bytes_per_element<float> == bytes;
}
static_assert(passes_and_bytes<decltype(presets::adam())>(1, 28));
static_assert(passes_and_bytes<decltype(presets::adamw())>(1, 28));
static_assert(passes_and_bytes<decltype(presets::adamw(1e-3, 1e-2, 0.9, 0.999, 1e-8, amsgrad_on))>(1, 36));
static_assert(passes_and_bytes<decltype(presets::sgd(0.1))>(1, 12));
static_assert(passes_and_bytes<decltype(presets::sgd(0.1, 0.9))>(1, 20));
static_assert(passes_and_bytes<decltype(presets::sgd(0.1, 0.9, presets::nesterov))>(1, 20));
static_assert(passes_and_bytes<decltype(presets::lion())>(1, 20));
static_assert(passes_and_bytes<decltype(presets::rmsprop())>(1, 20));
static_assert(passes_and_bytes<decltype(presets::rmsprop(0.01, 0.99, 1e-8, 0.9, centered))>(1, 36));
static_assert(passes_and_bytes<decltype(presets::adagrad())>(1, 20));
static_assert(passes_and_bytes<decltype(presets::cautious_adamw())>(1, 28));
static_assert(passes_and_bytes<decltype(presets::cautious_adamw(1e-3, 1e-2, 0.9, 0.999, 1e-8, normalized))>(2, 40));
static_assert(passes_and_bytes<decltype(presets::seed())>(1, 28));
// A preset composes like any chain: torch's coupled weight decay in front costs no bytes.
static_assert(passes_and_bytes<decltype(weight_decay(0.1) | presets::sgd(0.1, 0.9))>(1, 20));

// ------------------------------------------------------------------ their hyperparameters
// torch.optim's defaults, and each argument in the field it names (constant expressions).
constexpr auto adamw_default = presets::adamw();
static_assert(adamw_default.get<lr<>>().lr == 1e-3 && adamw_default.get<weight_decay<>>().weight_decay == 1e-2);
static_assert(adamw_default.get<adam>().beta1 == 0.9 && adamw_default.get<adam>().beta2 == 0.999 &&
              adamw_default.get<adam>().eps == 1e-8 && adamw_default.get<adam>().eps_at == adam_eps::torch);
constexpr auto adamw_set = presets::adamw(0.5, 0.25, 0.8, 0.7, 1e-3);
static_assert(adamw_set.get<2>().lr == 0.5 && adamw_set.get<1>().weight_decay == 0.25 &&
              adamw_set.get<0>().beta1 == 0.8 && adamw_set.get<0>().beta2 == 0.7 && adamw_set.get<0>().eps == 1e-3);
constexpr auto adam_set = presets::adam(0.5, 0.8, 0.7, 1e-3);
static_assert(adam_set.get<1>().lr == 0.5 && adam_set.get<0>().beta1 == 0.8 && adam_set.get<0>().beta2 == 0.7 &&
              adam_set.get<0>().eps == 1e-3 && adam_set.get<0>().eps_at == adam_eps::torch &&
              adam_set.get<0>().alpha == 1);
constexpr auto sgd_set = presets::sgd(0.5, 0.8, 0.25);
static_assert(sgd_set.get<1>().lr == 0.5 && sgd_set.get<0>().momentum == 0.8 && sgd_set.get<0>().dampening == 0.25 &&
              !sgd_set.get<0>().lerp && sgd_set.get<0>().init == ema_init::zeros && !sgd_set.get<0>().debias);
constexpr auto nesterov_set = presets::sgd(0.5, 0.8, presets::nesterov);
static_assert(nesterov_set.get<1>().lr == 0.5 && nesterov_set.get<0>().momentum == 0.8 &&
              nesterov_set.get<0>().dampening == 0 && !nesterov_set.get<0>().lerp);
constexpr auto lion_set = presets::lion(0.5, 0.25, 0.8, 0.7);
static_assert(lion_set.get<2>().lr == 0.5 && lion_set.get<1>().weight_decay == 0.25 && lion_set.get<0>().beta1 == 0.8 &&
              lion_set.get<0>().beta2 == 0.7);
static_assert(presets::lion().get<lr<>>().lr == 1e-4 && presets::lion().get<weight_decay<>>().weight_decay == 0);
constexpr auto rmsprop_set = presets::rmsprop(0.5, 0.8, 1e-3, 0.7);
static_assert(rmsprop_set.get<2>().lr == 0.5 && rmsprop_set.get<0>().smoothing == 0.8 &&
              rmsprop_set.get<0>().eps == 1e-3 && rmsprop_set.get<1>().momentum == 0.7 && !rmsprop_set.get<1>().lerp &&
              !rmsprop_set.get<0>().debias && rmsprop_set.get<0>().init == rmsprop_init::zeros);
static_assert(presets::rmsprop().get<lr<>>().lr == 1e-2 && presets::rmsprop().get<0>().smoothing == 0.99 &&
              presets::rmsprop().get<0>().eps == 1e-8);
constexpr auto adagrad_set = presets::adagrad(0.5, 0.25, 0.125, 1e-3);
static_assert(adagrad_set.get<1>().lr == 0.5 && adagrad_set.get<0>().lr_decay == 0.25 &&
              adagrad_set.get<0>().initial_accumulator_value == 0.125 && adagrad_set.get<0>().eps == 1e-3 &&
              adagrad_set.get<0>().alpha == 1);
static_assert(presets::adagrad().get<lr<>>().lr == 1e-2 && presets::adagrad().get<0>().eps == 1e-10);
constexpr auto cautious_set = presets::cautious_adamw(0.5, 0.25, 0.8, 0.7, 1e-3);
static_assert(cautious_set.get<3>().lr == 0.5 && cautious_set.get<2>().weight_decay == 0.25 &&
              cautious_set.get<0>().beta1 == 0.8 && cautious_set.get<0>().beta2 == 0.7 &&
              cautious_set.get<0>().eps == 1e-3 && cautious_set.get<0>().eps_at == adam_eps::torchzero &&
              cautious_set.get<1>().mode == cautious_mode::zero);
constexpr auto seed_set = presets::seed(0.5, 0.25, 2);
static_assert(seed_set.get<0>().value == 2 && seed_set.get<2>().lr == 0.5 && seed_set.get<4>().weight_decay == 0.25);

// ------------------------------------------------------------------ reference trajectories
// The preset (or `weight_decay(wd) | preset`, torch's coupled decay) of each recorded case:
// docs/presets.md lists the torch.optim and torchzero sides (generate.py records them).
template <class F>
void with_preset(std::string const& name, F&& f) {
    if (name == "torch_adam") f(presets::adam(0.01));
    else if (name == "torch_adam_custom") f(presets::adam(0.01, 0.8, 0.99, 1e-3));
    else if (name == "torch_adam_amsgrad") f(presets::adam(0.01, 0.9, 0.9, 1e-8, amsgrad_on));
    else if (name == "torch_adamw") f(presets::adamw(0.01, 0.1));
    else if (name == "torch_adamw_amsgrad") f(presets::adamw(0.01, 0.05, 0.8, 0.9, 1e-3, amsgrad_on));
    else if (name == "torch_sgd_weight_decay") f(weight_decay(0.1) | presets::sgd(0.01));
    else if (name == "torch_sgd_momentum") f(presets::sgd(0.01, 0.9));
    else if (name == "torch_sgd_nesterov") f(weight_decay(0.01) | presets::sgd(0.01, 0.9, presets::nesterov));
    else if (name == "torch_rmsprop") f(presets::rmsprop(0.01));
    else if (name == "torch_rmsprop_centered") f(presets::rmsprop(0.01, 0.9, 1e-8, centered));
    else if (name == "torch_rmsprop_centered_momentum")
        f(weight_decay(0.01) | presets::rmsprop(0.01, 0.9, 1e-6, 0.9, centered));
    else if (name == "torch_adagrad") f(presets::adagrad(0.1));
    else if (name == "torch_adagrad_custom") f(weight_decay(0.01) | presets::adagrad(0.1, 0.01, 0.1, 1e-6));
    else if (name == "lion_weight_decay") f(presets::lion(0.01, 0.5, 0.8, 0.95));
    else if (name == "cautious_adamw") f(presets::cautious_adamw(0.01, 0.1));
    else if (name == "cautious_adamw_normalized") f(presets::cautious_adamw(0.01, 0.1, 0.8, 0.99, 1e-3, normalized));
    else if (name == "seed") f(presets::seed());
    else FAIL("no preset for reference case " << name);
}

std::vector<std::string> const cases = {"torch_adam",
                                        "torch_adam_custom",
                                        "torch_adam_amsgrad",
                                        "torch_adamw",
                                        "torch_adamw_amsgrad",
                                        "torch_sgd_weight_decay",
                                        "torch_sgd_momentum",
                                        "torch_sgd_nesterov",
                                        "torch_rmsprop",
                                        "torch_rmsprop_centered",
                                        "torch_rmsprop_centered_momentum",
                                        "torch_adagrad",
                                        "torch_adagrad_custom",
                                        "lion_weight_decay",
                                        "cautious_adamw",
                                        "cautious_adamw_normalized",
                                        "seed"};

// As tests/reference/parity.cpp replays a case: small chunks (the multi-chunk reduction path),
// the worst relative error per step against max(|reference|, 0.1).
template <class T>
void replay(std::string const& name, char const* dtype) {
    tzero_test::trajectory const r = tzero_test::load(name, dtype);
    tzero_test::tensor_list<T> p(r.shapes), g(r.shapes);
    auto scatter = [](std::vector<double> const& flat, tzero_test::tensor_list<T>& into) {
        std::size_t k = 0;
        for (auto& v : into.values)
            for (auto& x : v) x = T(flat.at(k++));
        REQUIRE(k == flat.size());
    };
    scatter(r.init, p);
    with_preset(name, [&](auto const& chain) {
        optimizer opt(chain, p.views(), optimizer_options{.chunk_size = 8, .parallel_threshold = 0});
        double worst = 0;
        for (int t = 1; t <= r.steps; ++t) {
            scatter(r.grads[std::size_t(t - 1)], g);
            opt.step(g.const_views());
            std::size_t k = 0, at = 0;
            double got = 0, want = 0;
            for (auto const& v : p.values)
                for (T x : v) {
                    double expected = r.params[std::size_t(t - 1)][k++];
                    double error = std::abs(double(x) - expected) / std::max({std::abs(expected), 0.1});
                    if (error > worst) std::tie(worst, at, got, want) = std::tuple(error, k - 1, double(x), expected);
                }
            INFO(name << " (" << dtype << ", from " << r.source << ") step " << t << ": worst relative error " << worst
                      << " at flat index " << at << " (tzero " << got << ", reference " << want << ")");
            REQUIRE(worst <= tzero_test::tolerance<T>);
        }
    });
}

}  // namespace

TEST_CASE("presets: torch.optim and torchzero trajectories, fp32", "[presets][reference][float]") {
    for (auto const& name : cases) {
        DYNAMIC_SECTION(name) { replay<float>(name, "float32"); }
    }
}

TEST_CASE("presets: torch.optim and torchzero trajectories, fp64", "[presets][reference][double]") {
    for (auto const& name : cases) {
        DYNAMIC_SECTION(name) { replay<double>(name, "float64"); }
    }
}

// torch.optim.SGD starts its momentum buffer at the undamped first gradient; the preset's EMA
// starts at zero, so with dampening τ its buffer is smaller by τ·μᵗ⁻¹·g₁ (docs/presets.md).
TEST_CASE("presets: sgd with dampening differs from torch by the first step's damping only", "[presets][sgd]") {
    double const lr = 0.1, mu = 0.9, tau = 0.3;
    std::vector<double> const p0 = {0.5, -1.0, 2.0};
    auto gradient = [](int t, std::size_t i) { return std::sin(1.0 + double(t) * double(i + 1)); };
    for (double dampening : {0.0, tau}) {
        tzero_test::harness<double, decltype(presets::sgd(lr, mu, dampening))> h(presets::sgd(lr, mu, dampening), p0);
        std::vector<double> torch_p = p0, buf(p0.size());
        double fade = 0;  // Σ_{s ≤ t} μ^(s−1): how much of τ·g₁ the preset has not stepped
        for (int t = 1; t <= 30; ++t) {
            std::vector<double> g(p0.size());
            for (std::size_t i = 0; i < g.size(); ++i) g[i] = gradient(t, i);
            h.step(g);
            fade += std::pow(mu, t - 1);
            for (std::size_t i = 0; i < g.size(); ++i) {
                buf[i] = t == 1 ? g[i] : mu * buf[i] + (1 - dampening) * g[i];  // torch.optim.SGD
                torch_p[i] -= lr * buf[i];
                double const expected = torch_p[i] + lr * dampening * gradient(1, i) * fade;
                CHECK(h.params()[i] == Approx(expected).epsilon(1e-12).margin(1e-12));
            }
        }
    }
}

TEST_CASE("presets: a bad hyperparameter throws, naming the module", "[presets][errors]") {
    CHECK_THROWS_WITH(presets::adamw(-1.0), Catch::Contains("lr"));
    CHECK_THROWS_AS(presets::adamw(1e-3, 1e-2, 1.5), tzero::error);
    CHECK_THROWS_WITH(presets::sgd(0.1, 1.5), Catch::Contains("ema"));
    CHECK_THROWS_AS(presets::rmsprop(0.01, 0.99, 0.0), tzero::error);
    CHECK_THROWS_AS(presets::adagrad(0.01, -1.0), tzero::error);
    CHECK_NOTHROW(presets::seed(0.1, 0.0, 0.5));
}

TEST_CASE("presets: a preset's hyperparameters change at run time like any chain's", "[presets]") {
    std::vector<double> const p0 = {1.0, -2.0};
    tzero_test::harness<double, decltype(presets::sgd(0.1))> h(presets::sgd(0.1), p0);
    auto u = h.step({1.0, 1.0});
    CHECK(u[0] == Approx(0.1));
    h.optimizer().chain().get<lr>().lr = 0.5;
    u = h.step({1.0, 1.0});
    CHECK(u[1] == Approx(0.5));
}
