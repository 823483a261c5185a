/// @file tzero/core/error.hpp
/// `tzero::error`, the one exception type of the library, and the hyperparameter check.
///
/// Every message is one line: `tzero: <what is wrong> (<how to fix>)`. A range check runs in
/// `validate()`; in a constant expression (`constexpr auto c = adam{.beta1 = 2} | lr(1);`) the
/// failed check calls a non-constexpr function, so the compiler stops at the user's line and
/// prints the message in its "in constexpr expansion" note (fmt's `report_error` trick).
#pragma once
#include <array>
#include <charconv>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
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

/// A string literal as a template argument (`named_message`).
template <std::size_t N>
struct literal {
    char text[N];
    constexpr literal(char const (&s)[N]) {
        for (std::size_t i = 0; i < N; ++i) text[i] = s[i];
    }
};

/// "tzero: <Named::name><Rest>", built at compile time: the messages of a module template shared by
/// several named modules (`named_message<Policy, ": beta must be in [0, 1)">.data()`).
template <class Named, literal Rest>
inline constexpr auto named_message = [] {
    constexpr std::string_view head = "tzero: ", name = Named::name;
    constexpr std::size_t rest = sizeof(Rest.text);  // with its terminating zero
    std::array<char, head.size() + name.size() + rest> out{};
    std::size_t n = 0;
    for (char c : head) out[n++] = c;
    for (char c : name) out[n++] = c;
    for (char c : Rest.text) out[n++] = c;
    return out;
}();

/// Checks one hyperparameter; `message` reads "tzero: <module>: <name> must <rule>".
constexpr void check(bool ok, char const* message, double value) {
    if (!ok) hyperparameter_out_of_range(message, value);
}

}  // namespace detail
}  // namespace tzero
