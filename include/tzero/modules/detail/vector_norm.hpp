/// @file tzero/modules/detail/vector_norm.hpp
/// The p-norm a reduce module takes of a tensor or of all tensors, as torch.linalg.vector_norm
/// for any order p, from two reduce terms per element:
///   a sum of |x|ᵖ (x² for p = 2, |x| for p = 1, [x ≠ 0] for p = 0), whose 1/p-th power is the
///   norm (for p = 0 the sum itself, the count of nonzeros), and
///   a maximum (the module's `reduce_maxima`) of |x| for p = +∞, of −|x| for p = −∞ (the
///   smallest |x| is minus the largest −|x|).
/// Each term is 0 where the other one carries the norm. A `metric` (core/metric.hpp) adds a third,
/// a sum of x for the variance; the named statistics are sums as well (mean |x|, Σx, Σx² and Σx).
/// Shared by clip_norm, normalize, graft, the EMA and growth clips, multiply_by_module_norm and
/// relative_weight_decay.
#pragma once
#include <type_traits>

#include <tzero/core/config.hpp>
#include <tzero/core/error.hpp>
#include <tzero/core/math.hpp>
#include <tzero/core/metric.hpp>
#include <tzero/core/module.hpp>
#include <tzero/core/reduction.hpp>

namespace tzero::detail {

/// The element's share of the sum of a p-norm (0 for p = ±∞). The branches are on a
/// hyperparameter, uniform across lanes.
template <class V>
TZERO_HD V norm_sum_term(V x, double ord) {
    if (ord == 2) return x * x;
    if (ord == 1) return math::abs(x);
    if (ord == 0) return math::mask<V>(x != V(0));
    if (ord - ord != 0) return V(0);
    return math::power(math::abs(x), ord);
}

/// The element's share of the maximum of a p-norm: |x| for p = +∞, −|x| for p = −∞, else 0.
template <class V>
TZERO_HD V norm_max_term(V x, double ord) {
    if (ord - ord == 0) return V(0);
    return ord > 0 ? math::abs(x) : -math::abs(x);
}

/// Both terms of one norm, for a module whose only reduction is that norm
/// (`reduce_terms = 2, reduce_maxima = 1`).
template <class V>
TZERO_HD terms<V, 2> norm_terms(V x, double ord) {
    return {{norm_sum_term(x, ord), norm_max_term(x, ord)}};
}

/// The p-norm from the folded terms: the sum and the maximum (−∞ when there were no elements,
/// whose ∞-norm is 0). A NaN element gives a NaN norm.
TZERO_HD double norm_of(double sum, double max, double ord) {
    if (ord - ord == 0) return ord == 0 ? sum : math::power(sum, 1 / ord);
    if (ord < 0) return -max;
    return max == -__builtin_inf() ? 0 : max;
}

/// Checks a norm order: any number but NaN, ±∞ included (`message` names the module).
constexpr void check_norm_order(double ord, char const* message) { check(ord == ord, message, ord); }

/// Checks a metric: a norm order as `check_norm_order`, or a name it knows.
constexpr void check_metric(metric m, char const* message) {
    if (m.kind == metric::statistic::unknown) unknown_metric_name(message);
    check_norm_order(m.p, message);
}

/// The reduce terms of metric `m` of each of `x...` (N values, one metric each), laid out as
/// N pairs of sums, then N maxima (a module declares `reduce_terms = 3N, reduce_maxima = N`):
///   pair i: norm: Σ|xᵢ|ᵖ, 0;  mad: Σ|xᵢ|, 0;  sum: Σxᵢ, 0;  var, std: Σxᵢ², Σxᵢ
///   maximum i: ±|xᵢ| for p = ±∞, else 0.
/// The branches are on a hyperparameter, uniform across lanes. (A variant returning a struct per
/// value and testing the norm first measured slower on the CPU, docs/performance/README.md.)
template <class V, class... X>
TZERO_HD terms<V, 3 * (1 + sizeof...(X))> metric_terms(metric m, V x0, X... xs) {
    constexpr int N = 1 + int(sizeof...(X));
    V const x[N] = {x0, V(xs)...};
    terms<V, 3 * N> t{};
    for (int i = 0; i < N; ++i) {
        V first = V(0), second = V(0), max = V(0);
        switch (m.kind) {
            case metric::statistic::mad:
                first = math::abs(x[i]);
                break;
            case metric::statistic::sum:
                first = x[i];
                break;
            case metric::statistic::std:
            case metric::statistic::var:
                first = x[i] * x[i];
                second = x[i];
                break;
            default:
                first = norm_sum_term(x[i], m.p);
                max = norm_max_term(x[i], m.p);
        }
        t[2 * i] = first;
        t[2 * i + 1] = second;
        t[2 * N + i] = max;
    }
    return t;
}

/// Metric `m` of value `i` of the N folded by `metric_terms` (`sum` holds their 3N sums and
/// maxima) over `count` elements. var and std are (Σx² − (Σx)²/n)/(n − 1), floored at 0 against
/// the rounding of that one-pass form (torch's two-pass one agrees unless the mean dwarfs the
/// spread); one element gives 0/0, NaN, as torch.var. mad of no elements is 0.
template <int K>
TZERO_HD double metric_of(double const (&sum)[K], int i, double count, metric m) {
    static_assert(K % 3 == 0, "tzero: internal: metric_of reads the 3N terms of metric_terms");
    double const first = sum[2 * i], second = sum[2 * i + 1];
    switch (m.kind) {
        case metric::statistic::mad:
            return count > 0 ? first / count : 0;
        case metric::statistic::sum:
            return first;
        case metric::statistic::std:
        case metric::statistic::var: {
            double var = (first - (count > 0 ? second * second / count : 0)) / (count - 1);
            if (var < 0) var = 0;
            return m.kind == metric::statistic::std ? math::sqrt(var) : var;
        }
        default:
            return norm_of(first, sum[2 * (K / 3) + i], m.p);
    }
}

/// The norm ClipNorm and Normalize divide by, under torchzero's guards (`_clip_norm_`): false
/// when the tensor (or slice) is left alone. Per tensor or slice: no elements, fewer than
/// `min_size`, or a zero norm where the tensor is one slice; a norm ≤ 1e-12 counts as 1.
/// Globally: only a zero norm.
template <class Scope, int K>
TZERO_HD bool guarded_norm(reduction<K> const& r, metric const& ord, std::size_t min_size, double& norm) {
    norm = metric_of(r.sum, 0, r.count, ord);
    if constexpr (std::is_same_v<Scope, global_t>) {
        return norm != 0;
    } else {
        if (r.count == 0 || r.count < double(min_size) || (r.slices == 1 && norm == 0)) return false;
        if (norm <= 1e-12) norm = 1;
        return true;
    }
}

}  // namespace tzero::detail
