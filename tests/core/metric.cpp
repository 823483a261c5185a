// `metric`: a norm module's `ord`, a number or one of torchzero's names.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include <tzero/tzero.hpp>

using namespace tzero;
using Catch::Contains;
using statistic = metric::statistic;

static_assert(number_or_name<metric>);
static_assert(std::is_trivially_copyable_v<metric>);
// `ord = 0` is the count of nonzeros, not a null name
static_assert(metric(0).kind == statistic::norm && metric(0).p == 0);
static_assert(metric(2.5f).p == 2.5 && metric(3L).p == 3 && metric().p == 2);
static_assert(metric("mad").kind == statistic::mad && metric("std").kind == statistic::std &&
              metric("var").kind == statistic::var && metric("sum").kind == statistic::sum);
static_assert(metric("l0") == metric(0) && metric("l4") == metric(4) && metric("linf") == metric(INFINITY));
static_assert(metric("l5").kind == statistic::unknown && !metric("l5").valid() && !metric("").valid() &&
              !metric(nullptr).valid() && !metric("MAD").valid() && !metric("l").valid());
static_assert(!metric(NAN).valid() && metric(-INFINITY).valid());
// a module's member takes either, in aggregate and parenthesized initialization
static_assert(clip_norm(1.0, global, 1, "var").ord == metric("var"));
static_assert(normalize<>{.ord = 1}.ord == metric(1));

TEST_CASE("metric: printed as the name or the number", "[core][metric]") {
    CHECK(to_string(metric("std")) == "std");
    CHECK(to_string(metric("linf")) == "inf");
    CHECK(to_string(metric(0.5)) == "0.5");
    CHECK(describe(clip_norm(1.0, per_tensor, 1, "mad")) ==
          "clip_norm(max_norm=1, scope=per_tensor, min_size=1, ord=mad)");
    CHECK(describe(clip_norm(1.0)) == "clip_norm(max_norm=1, scope=per_tensor, min_size=1, ord=2)");
}

TEST_CASE("metric: an unknown name or NaN is refused, naming the module", "[core][metric][errors]") {
    CHECK_THROWS_WITH(
        as_chain(clip_norm(1.0, per_tensor, 1, "median")).validate(),
        Contains("tzero: clip_norm: ord must be a number or a name") && Contains("got a name it does not know"));
    CHECK_THROWS_WITH(normalize<>{.ord = "l9"}.validate(), Contains("tzero: normalize: ord must be"));
    CHECK_THROWS_WITH(normalize_by_ema<>{.ord = "Std"}.validate(), Contains("tzero: normalize_by_ema: ord must be"));
    auto g = graft(sign(), identity());
    g.ord = "x";
    CHECK_THROWS_WITH(g.validate(), Contains("tzero: graft: ord must be"));
    auto m = multiply_by_module_norm(sign(), identity());
    m.ord = NAN;
    CHECK_THROWS_WITH(m.validate(), Contains("tzero: multiply_by_module_norm: ord must be") && Contains("got nan"));
    for (char const* name : {"mad", "std", "var", "sum", "l0", "l1", "l2", "l3", "l4", "linf"}) {
        INFO(name);
        CHECK_NOTHROW(clip_norm_by_ema<>{.ord = name}.validate());
    }
}

TEST_CASE("metric: the statistics from their sums", "[core][metric]") {
    // x = (1, −3, 2, 6): Σ|x| 12, Σx 6, Σx² 50; mean 1.5, unbiased var (50 − 36/4)/3 = 41/3
    auto const of = [](metric m) {
        double sums[3] = {};
        for (double x : {1.0, -3.0, 2.0, 6.0}) {
            auto const t = detail::metric_terms(m, x);
            sums[0] += t[0];
            sums[1] += t[1];
            sums[2] = std::max(sums[2], t[2]);
        }
        return detail::metric_of(sums, 0, 4, m);
    };
    CHECK(of("mad") == 3);
    CHECK(of("sum") == 6);
    CHECK(of("var") == Approx(41.0 / 3));
    CHECK(of("std") == Approx(std::sqrt(41.0 / 3)));
    CHECK(of(2) == Approx(std::sqrt(50.0)));
    CHECK(of(1) == 12);
    CHECK(of(INFINITY) == 6);
    CHECK(of(0) == 4);
    // one element: the unbiased variance is 0/0, as torch.var; none: mad 0
    double const one[3] = {4, 2, 0};
    CHECK(std::isnan(detail::metric_of(one, 0, 1, "var")));
    double const none[3] = {0, 0, 0};
    CHECK(detail::metric_of(none, 0, 0, "mad") == 0);
    // the one-pass variance never goes below 0 (rounding of a constant tensor)
    double const constant[3] = {3 * 0.1 * 0.1 * (1 - 1e-16), 0.3, 0};
    CHECK(detail::metric_of(constant, 0, 3, "std") >= 0);
    // two values: pairs first, then the maxima
    auto const t = detail::metric_terms(metric("var"), 2.0, -1.0);
    CHECK(t[0] == 4);
    CHECK(t[1] == 2);
    CHECK(t[2] == 1);
    CHECK(t[3] == -1);
    CHECK(t[4] == 0);
    CHECK(t[5] == 0);
    auto const inf = detail::metric_terms(metric(INFINITY), 2.0, -3.0);
    CHECK(inf[4] == 2);
    CHECK(inf[5] == 3);
}
