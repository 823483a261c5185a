/// @file tzero/core/metric.hpp
/// `metric`: what a norm module measures, a number or a name, as torchzero's `Metrics`
/// (utils/metrics.py), the type of the `ord` of ClipNorm, Normalize, the EMA norm clips, the grafts
/// and MultiplyByModuleNorm, and of RelativeWeightDecay's `metric`:
///
///     clip_norm{.max_norm = 1, .ord = 2}        the L2 norm (any p: inf, -inf, 0, 0.5, ...)
///     clip_norm{.max_norm = 1, .ord = "std"}    the standard deviation
///
///   a number p    ‖x‖ₚ as torch.linalg.vector_norm ("l0" to "l4" and "linf" name 0 to 4 and ∞)
///   "mad"         mean |x|
///   "std", "var"  the unbiased standard deviation and variance (n − 1), as torch.std / torch.var
///   "sum"         Σx
///
/// The choice is a runtime value, like a number: it selects the reduce terms a module sums
/// (modules/detail/vector_norm.hpp), not the passes of its plan. A name it does not know makes a
/// metric that the module's `validate` rejects, naming the module. Printed as the number or the
/// name; a checkpoint saves it as a JSON number or string.
#pragma once
#include <string_view>
#include <type_traits>

#include <tzero/core/config.hpp>

namespace tzero {

struct metric {
    enum class statistic : unsigned char { norm, mad, std, var, sum, unknown };
    statistic kind = statistic::norm;
    double p = 2;  ///< the norm's order (`kind` norm)

    constexpr metric() = default;
    /// A norm of order `order` (any arithmetic type, so that `ord = 0` is not a null pointer).
    template <class N>
        requires std::is_arithmetic_v<N>
    constexpr metric(N order) : p(double(order)) {}
    /// torchzero's names: "mad", "std", "var", "sum", "l0" to "l4", "linf".
    constexpr metric(char const* name) {
        std::string_view const s = name ? name : "";
        constexpr std::string_view stats[] = {"mad", "std", "var", "sum"};
        for (int i = 0; i < 4; ++i)
            if (s == stats[i]) kind = statistic(i + 1);
        if (s.size() == 2 && s[0] == 'l' && s[1] >= '0' && s[1] <= '4') p = s[1] - '0';
        else if (s == "linf") p = __builtin_inf();
        else if (kind == statistic::norm) kind = statistic::unknown;
    }

    /// The name `describe` prints and a checkpoint saves, or null for a norm (printed as p).
    constexpr char const* label() const {
        constexpr char const* names[] = {nullptr, "mad", "std", "var", "sum", "?"};
        return names[int(kind)];
    }
    /// A norm whose order is a number (not NaN), or a known name.
    constexpr bool valid() const { return kind == statistic::norm ? p == p : kind != statistic::unknown; }

    friend constexpr bool operator==(metric const&, metric const&) = default;
};

}  // namespace tzero
