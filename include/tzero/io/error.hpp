/// @file tzero/io/error.hpp
/// How checkpoint code words a problem: `fail(cat({"tensor \"", name, "\" is missing"}))` throws
/// `tzero::error("tzero: checkpoint: tensor \"...\" is missing")`. `cat` joins its pieces in one
/// loop, where a chain of `std::string` `+`s would be inlined at every message (compile time).
#pragma once
#include <charconv>
#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>

#include <tzero/core/error.hpp>

namespace tzero::detail::checkpoint {

/// Text, or an integer written in decimal by `cat` (not a `char` or a `bool`: they would print
/// as numbers).
struct piece {
    std::string_view text;
    unsigned long long magnitude = 0;
    enum { string, positive, negative } kind = string;

    piece(char const* s) : text(s) {}
    piece(std::string_view s) : text(s) {}
    piece(std::string const& s) : text(s) {}
    template <std::integral I>
    piece(I n) : magnitude(static_cast<unsigned long long>(n)), kind(positive) {
        if constexpr (std::is_signed_v<I>)
            if (n < 0) magnitude = 0 - magnitude, kind = negative;
    }
};

inline std::string cat(std::initializer_list<piece> pieces) {
    std::string s;
    for (auto const& p : pieces) {
        if (p.kind == piece::string) {
            s += p.text;
            continue;
        }
        char digits[24];
        digits[0] = '-';
        char* const first = digits + (p.kind == piece::negative);
        s.append(digits, std::size_t(std::to_chars(first, digits + sizeof digits, p.magnitude).ptr - digits));
    }
    return s;
}

[[noreturn]] inline void fail(std::string const& what) { throw error("tzero: checkpoint: " + what); }

}  // namespace tzero::detail::checkpoint
