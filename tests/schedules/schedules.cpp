// Schedules (include/tzero/schedules/, core/schedule.hpp): values at known steps, the edges
// (t = 1, t = total_steps, past it), validation messages, describe, the concepts and helpers, and
// torch.optim.lr_scheduler trajectories recorded by tests/reference/generate.py
// (data/schedules.txt; value k is torch's lr at last_epoch = k, tzero's step t = k + 1).
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <numbers>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include <tzero/tzero.hpp>

using namespace tzero;
using Catch::Contains;

namespace {

double tenth_over(long t) { return 0.1 / double(t); }

/// The torch trajectories of data/schedules.txt, by case name.
std::map<std::string, std::vector<double>> torch_trajectories() {
    std::ifstream in(TZERO_REFERENCE_DIR "/schedules.txt");
    REQUIRE(in);
    std::map<std::string, std::vector<double>> out;
    std::string name;
    for (std::string text; std::getline(in, text);) {
        std::istringstream line(text);
        std::string key;
        line >> key;
        if (key == "case") line >> name;
        else if (key == "values")
            for (std::string v; line >> v;) out[name].push_back(std::stod(v));
    }
    return out;
}

template <class S>
void check_against_torch(std::string const& name, S const& s, std::map<std::string, std::vector<double>> const& torch) {
    INFO(name << ": " << describe(s));
    REQUIRE(torch.count(name) == 1);
    auto const& values = torch.at(name);
    REQUIRE(values.size() >= 20);
    for (std::size_t k = 0; k < values.size(); ++k) {
        long const t = long(k) + 1;
        INFO("tzero step " << t << " (torch last_epoch " << k << "): tzero " << s(t) << ", torch " << values[k]);
        // torch's CosineAnnealingLR, ExponentialLR, StepLR and LinearLR multiply recursively:
        // equal to rounding, not bitwise
        CHECK(std::abs(s(t) - values[k]) <= 1e-12 * std::max(std::abs(values[k]), 1e-6));
    }
}

}  // namespace

static_assert(schedule<constant_schedule> && schedule<linear_schedule> && schedule<cosine_schedule> &&
              schedule<exponential_decay> && schedule<one_cycle> && schedule<function_schedule>);
static_assert(scalar_or_schedule<double> && scalar_or_schedule<one_cycle> && !scalar_or_schedule<float> &&
              !scalar_or_schedule<lr<>>);
static_assert(std::is_same_v<scalar_or_schedule_t<int>, double> &&
              std::is_same_v<scalar_or_schedule_t<float>, double> &&
              std::is_same_v<scalar_or_schedule_t<double (*)(long)>, function_schedule> &&
              std::is_same_v<scalar_or_schedule_t<cosine_schedule const&>, cosine_schedule>);
static_assert(std::is_trivially_copyable_v<lr<one_cycle>> && std::is_trivially_copyable_v<lr<function_schedule>>);
// a number stays a number: no per-step scalars, the same type as before schedules
static_assert(std::is_same_v<decltype(lr(0.1)), lr<double>> && std::is_same_v<decltype(lr{.lr = 1}), lr<double>> &&
              std::is_same_v<coeffs_of<lr<>>, no_coeffs> && std::is_same_v<coeffs_of<weight_decay<>>, no_coeffs>);
static_assert(std::is_same_v<decltype(lr(cosine_schedule{})), lr<cosine_schedule>> &&
              std::is_same_v<coeffs_of<lr<cosine_schedule>>, step_value>);
static_assert(std::is_same_v<decltype(lr(tenth_over)), lr<function_schedule>> &&
              std::is_same_v<decltype(lr([](long t) { return 1.0 / double(t); })), lr<function_schedule>>);
static_assert(plan_of<chain<adam, lr<cosine_schedule>, weight_decay<exponential_decay>>>::passes == 1);
static_assert(value_at(0.5, 7) == 0.5 && constant_schedule{.value = 2}(1) == 2);

TEST_CASE("schedules: constant and function", "[schedules]") {
    constexpr constant_schedule c{.value = 0.25};
    static_assert(c(1) == 0.25 && c(1'000'000) == 0.25);
    function_schedule const f = tenth_over;
    CHECK(f(1) == 0.1);
    CHECK(f(4) == 0.1 / 4);
    CHECK(value_at(f, 2) == 0.05);
    auto const l = lr([](long t) { return t < 3 ? 1.0 : 0.5; });
    CHECK(l.lr(2) == 1.0);
    CHECK(l.lr(3) == 0.5);
    CHECK(describe(f) == "function_schedule()");
    CHECK(describe(c) == "constant_schedule(value=0.25)");

    CHECK_THROWS_WITH(constant_schedule{}.validate(),
                      Contains("tzero: constant_schedule: value must be a finite number >= 0"));
    CHECK_THROWS_WITH((constant_schedule{.value = -1}.validate()), Contains("got -1"));
    CHECK_THROWS_WITH(function_schedule{}.validate(),
                      Contains("tzero: function_schedule: the function must not be null"));
    CHECK_THROWS_WITH(lr(function_schedule{}).validate(), Contains("function must not be null"));
}

TEST_CASE("schedules: linear_schedule warms up, decays, then holds", "[schedules]") {
    linear_schedule const s{.peak_lr = 1, .total_steps = 10, .warmup_steps = 4, .init_lr = 0.2, .end_lr = 0.1};
    CHECK(s(1) == 0.2);  // t = 1: init_lr
    CHECK(s(3) == Approx(0.2 + 0.8 * 2 / 4.0));
    CHECK(s(5) == 1);  // s = W: the peak
    CHECK(s(8) == Approx(1 - 0.9 * 3 / 6.0));
    CHECK(s(10) == Approx(1 - 0.9 * 5 / 6.0));  // t = total_steps: one step before end_lr
    CHECK(s(11) == 0.1);
    CHECK(s(1000) == 0.1);
    // no warm-up: the first step is the peak
    linear_schedule const d{.peak_lr = 0.5, .total_steps = 4};
    CHECK(d(1) == 0.5);
    CHECK(d(3) == 0.25);
    CHECK(d(5) == 0);
    // all warm-up
    linear_schedule const w{.peak_lr = 1, .total_steps = 4, .warmup_steps = 4, .end_lr = 1};
    CHECK(w(1) == 0);
    CHECK(w(4) == 0.75);
    CHECK(w(5) == 1);
    CHECK(describe(d) == "linear_schedule(peak_lr=0.5, total_steps=4, warmup_steps=0, init_lr=0, end_lr=0)");

    CHECK_THROWS_WITH(linear_schedule{}.validate(),
                      Contains("tzero: linear_schedule: peak_lr must be a finite number >= 0"));
    CHECK_THROWS_WITH((linear_schedule{.peak_lr = 1}.validate()), Contains("total_steps must be >= 1"));
    CHECK_THROWS_WITH((linear_schedule{.peak_lr = 1, .total_steps = 5, .warmup_steps = 6}.validate()),
                      Contains("warmup_steps must be >= 0 and <= total_steps") && Contains("got 6"));
    CHECK_THROWS_WITH((linear_schedule{.peak_lr = 1, .total_steps = 5, .init_lr = -1}.validate()), Contains("init_lr"));
    CHECK_THROWS_WITH((linear_schedule{.peak_lr = 1, .total_steps = 5, .end_lr = INFINITY}.validate()),
                      Contains("end_lr"));
}

TEST_CASE("schedules: cosine_schedule warms up, anneals to min_lr, then holds", "[schedules]") {
    cosine_schedule const s{.peak_lr = 1, .total_steps = 12, .warmup_steps = 2, .init_lr = 0, .min_lr = 0.1};
    CHECK(s(1) == 0);
    CHECK(s(2) == 0.5);
    CHECK(s(3) == 1);  // the peak, after W = 2 steps
    CHECK(s(8) == Approx(0.1 + 0.9 * (1 + std::cos(std::numbers::pi * 5 / 10)) / 2));
    CHECK(s(8) == Approx(0.55));  // halfway down
    CHECK(s(12) == Approx(0.1 + 0.9 * (1 + std::cos(std::numbers::pi * 9 / 10)) / 2));
    CHECK(s(13) == 0.1);
    CHECK(s(10'000) == 0.1);  // torch's cosine would rise again; tzero holds min_lr
    cosine_schedule const d{.peak_lr = 0.1, .total_steps = 1};
    CHECK(d(1) == 0.1);
    CHECK(d(2) == 0);

    CHECK_THROWS_WITH(cosine_schedule{}.validate(),
                      Contains("tzero: cosine_schedule: peak_lr must be a finite number >= 0") && Contains("got nan"));
    CHECK_THROWS_WITH((cosine_schedule{.peak_lr = -0.1, .total_steps = 10}.validate()), Contains("got -0.1"));
    CHECK_THROWS_WITH((cosine_schedule{.peak_lr = 0.1, .total_steps = 0}.validate()),
                      Contains("total_steps must be >= 1"));
    CHECK_THROWS_WITH((cosine_schedule{.peak_lr = 0.1, .total_steps = 10, .warmup_steps = 11}.validate()),
                      Contains("tzero: cosine_schedule: warmup_steps must be >= 0 and <= total_steps"));
    CHECK_THROWS_WITH((cosine_schedule{.peak_lr = 0.1, .total_steps = 10, .warmup_steps = -1}.validate()),
                      Contains("warmup_steps"));
    CHECK_THROWS_WITH((cosine_schedule{.peak_lr = 0.1, .total_steps = 10, .min_lr = NAN}.validate()),
                      Contains("min_lr"));
}

TEST_CASE("schedules: exponential_decay, smooth and staircase", "[schedules]") {
    exponential_decay const s{.lr = 2, .gamma = 0.5};
    CHECK(s(1) == 2);
    CHECK(s(2) == 1);
    CHECK(s(4) == 0.25);
    exponential_decay const st{.lr = 1, .gamma = 0.1, .transition_steps = 3, .staircase = true};
    CHECK(st(1) == 1);
    CHECK(st(3) == 1);
    CHECK(st(4) == Approx(0.1));
    CHECK(st(7) == Approx(0.01));
    exponential_decay const sm{.lr = 1, .gamma = 0.1, .transition_steps = 2};
    CHECK(sm(2) == Approx(std::sqrt(0.1)));

    CHECK_THROWS_WITH(exponential_decay{}.validate(),
                      Contains("tzero: exponential_decay: lr must be a finite number >= 0"));
    CHECK_THROWS_WITH((exponential_decay{.lr = 1}.validate()), Contains("gamma must be a finite number > 0"));
    CHECK_THROWS_WITH((exponential_decay{.lr = 1, .gamma = 0}.validate()), Contains("gamma"));
    CHECK_THROWS_WITH((exponential_decay{.lr = 1, .gamma = 0.5, .transition_steps = 0}.validate()),
                      Contains("transition_steps must be >= 1"));
}

TEST_CASE("schedules: one_cycle rises, anneals, and holds its final value", "[schedules]") {
    one_cycle const s{.max_lr = 1, .total_steps = 100};  // initial 0.04, final 4e-6; rise ends at s = 29
    CHECK(s(1) == Approx(0.04));
    CHECK(s(30) == 1);                    // the peak at last_epoch = pct_start·T − 1
    CHECK(s(100) == Approx(0.04 / 1e4));  // t = total_steps: the final value
    CHECK(s(101) == s(100));
    CHECK(s(5000) == s(100));
    for (long t = 2; t <= 30; ++t) CHECK(s(t) > s(t - 1));
    for (long t = 31; t <= 100; ++t) CHECK(s(t) < s(t - 1));

    one_cycle const three{.max_lr = 1, .total_steps = 100, .pct_start = 0.25, .three_phase = true};
    CHECK(three(25) == 1);             // up until 0.25·100 − 1
    CHECK(three(49) == Approx(0.04));  // down to initial at 2·0.25·100 − 2
    CHECK(three(100) == Approx(4e-6));

    CHECK_THROWS_WITH(one_cycle{}.validate(), Contains("tzero: one_cycle: max_lr must be a finite number >= 0"));
    CHECK_THROWS_WITH((one_cycle{.max_lr = 1}.validate()), Contains("total_steps must be >= 1"));
    CHECK_THROWS_WITH((one_cycle{.max_lr = 1, .total_steps = 10, .pct_start = 1.5}.validate()),
                      Contains("pct_start must be in [0, 1]"));
    CHECK_THROWS_WITH((one_cycle{.max_lr = 1, .total_steps = 10, .pct_start = 0.1}.validate()),
                      Contains("pct_start * total_steps must be > 1"));
    CHECK_THROWS_WITH((one_cycle{.max_lr = 1, .total_steps = 10, .pct_start = 1}.validate()),
                      Contains("pct_start must be < 1"));
    CHECK_THROWS_WITH((one_cycle{.max_lr = 1, .total_steps = 10, .pct_start = 0.6, .three_phase = true}.validate()),
                      Contains("2 * pct_start * total_steps must be < total_steps + 1"));
    CHECK_THROWS_WITH((one_cycle{.max_lr = 1, .total_steps = 10, .div_factor = 0}.validate()), Contains("div_factor"));
    CHECK_THROWS_WITH((one_cycle{.max_lr = 1, .total_steps = 10, .final_div_factor = -1}.validate()),
                      Contains("final_div_factor"));
}

TEST_CASE("schedules: torch.optim.lr_scheduler trajectories", "[schedules][reference]") {
    auto const torch = torch_trajectories();
    check_against_torch("cosine", cosine_schedule{.peak_lr = 0.1, .total_steps = 40, .min_lr = 0.001}, torch);
    check_against_torch("cosine_zero_min", cosine_schedule{.peak_lr = 0.5, .total_steps = 25}, torch);
    check_against_torch("exponential", exponential_decay{.lr = 0.1, .gamma = 0.95}, torch);
    check_against_torch("step", exponential_decay{.lr = 0.1, .gamma = 0.5, .transition_steps = 7, .staircase = true},
                        torch);
    check_against_torch("linear", linear_schedule{.peak_lr = 0.1, .total_steps = 30, .end_lr = 0.01}, torch);
    check_against_torch("one_cycle", one_cycle{.max_lr = 0.1, .total_steps = 50}, torch);
    check_against_torch("one_cycle_custom",
                        one_cycle{.max_lr = 0.3,
                                  .total_steps = 40,
                                  .pct_start = 0.25,
                                  .div_factor = 10,
                                  .final_div_factor = 100,
                                  .three_phase = true},
                        torch);
}

TEST_CASE("schedules: lr, step_size and weight_decay read the schedule once per step", "[schedules]") {
    // lr(schedule) steps exactly as lr(number) changed by hand to the schedule's value each step
    cosine_schedule const s{.peak_lr = 0.5, .total_steps = 6, .warmup_steps = 2, .init_lr = 0.1, .min_lr = 0.05};
    std::vector<double> p1{1, -2, 3}, p2 = p1, p3 = p1;
    std::vector<double> const g{0.5, 1, -1};
    auto view = [](std::vector<double>& p) {
        return std::vector<tensor_view<double>>{tensor_view<double>(p.data(), {p.size()})};
    };
    optimizer scheduled(sign() | lr(s) | weight_decay(exponential_decay{.lr = 0.1, .gamma = 0.5}), view(p1));
    optimizer by_hand(sign() | lr(0.0) | weight_decay(0.0), view(p2));
    optimizer renamed(sign() | step_size(s) | weight_decay(exponential_decay{.lr = 0.1, .gamma = 0.5}), view(p3));
    tensor_view<double const> gv(g.data(), {g.size()});
    for (long t = 1; t <= 9; ++t) {
        by_hand.chain().get<lr>().lr = s(t);
        by_hand.chain().get<weight_decay>().weight_decay = 0.1 * std::pow(0.5, double(t - 1));
        scheduled.step(std::span(&gv, 1));
        by_hand.step(std::span(&gv, 1));
        renamed.step(std::span(&gv, 1));
        INFO("step " << t);
        CHECK(p1 == p2);
        CHECK(p3 == p1);
    }
    // the schedule is a runtime value: change it between steps
    scheduled.chain().get<lr>().lr.peak_lr = 1;
    CHECK(scheduled.chain().get<lr>().lr(3) == 1);
    CHECK(describe(lr(s)) ==
          "lr(lr=cosine_schedule(peak_lr=0.5, total_steps=6, warmup_steps=2, init_lr=0.1, min_lr=0.05))");
    // a schedule's range checks run when the chain is built
    CHECK_THROWS_WITH(sign() | lr(cosine_schedule{.peak_lr = 1, .total_steps = 3, .warmup_steps = 4}),
                      Contains("tzero: cosine_schedule: warmup_steps"));
    CHECK_THROWS_WITH(weight_decay(one_cycle{.max_lr = -1, .total_steps = 10}).validate(),
                      Contains("tzero: one_cycle: max_lr"));
    CHECK_THROWS_WITH(lr(-0.1).validate(), Contains("tzero: lr: lr must be a finite number >= 0"));
}
