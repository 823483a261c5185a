/// @file tzero/core/error.hpp
/// `tzero::error`, the one exception type of the library, and the hyperparameter check.
///
/// Every message is one line: `tzero: <what is wrong> (<how to fix>)`. A range check runs in
/// `validate()`; in a constant expression (`constexpr auto c = adam{.beta1 = 2} | lr(1);`) the
/// failed check calls a non-constexpr function, so the compiler stops at the user's line and
/// prints the message in its "in constexpr expansion" note (fmt's `report_error` trick).
#pragma once
#include <charconv>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace tzero {

struct error : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

namespace detail {

inline std::string format_number(double value) {
    char text[32];
    auto [end, ec] = std::to_chars(text, text + sizeof text, value);
    return ec == std::errc{} ? std::string(text, end) : std::string("?");
}

// Not constexpr on purpose: reaching it during constant evaluation is the compile-time error.
[[noreturn]] inline void hyperparameter_out_of_range(char const* message, double value) {
    throw error(std::string(message) + " (got " + format_number(value) + ")");
}

// Not constexpr, as above: a name a number-or-name hyperparameter does not know (core/metric.hpp).
[[noreturn]] inline void unknown_metric_name(char const* message) {
    throw error(std::string(message) + " (got a name it does not know)");
}

/// Checks one hyperparameter; `message` reads "tzero: <module>: <name> must <rule>".
constexpr void check(bool ok, char const* message, double value) {
    if (!ok) hyperparameter_out_of_range(message, value);
}

}  // namespace detail
}  // namespace tzero
