/// @file tzero/io/json_parse.hpp
/// `parse`: JSON text to a `json::value`, strictly: RFC 8259 with strict UTF-8 (a leading BOM is
/// skipped), as nlohmann-json 3.11 reads it, except where nlohmann is lax and another reader of
/// the same file (Python's safetensors) would see something else: a key twice in one object is
/// refused (not "the later wins"), and after the value only spaces may follow (a safetensors
/// header's padding), not a NUL and whatever comes after it. A depth limit is checked in
/// document order: a value or key inside more than `max_depth` open containers stops the parse,
/// unless a syntax error came first. The recursion is bounded by the limit, so a hostile file
/// cannot exhaust the stack.
#pragma once
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>

#include <tzero/io/json.hpp>

namespace tzero::detail::json {

enum class parse_status { ok, invalid, too_deep, duplicate_key };

namespace parsing {

struct parser {
    std::string_view s;
    std::size_t at = 0;
    int max_depth = 0;
    parse_status status = parse_status::ok;

    int peek() const { return at < s.size() ? static_cast<unsigned char>(s[at]) : -1; }
    int get() { return at < s.size() ? static_cast<unsigned char>(s[at++]) : -1; }
    void skip_whitespace() {
        while (at < s.size() && (s[at] == ' ' || s[at] == '\t' || s[at] == '\n' || s[at] == '\r')) ++at;
    }
    bool stop(parse_status why) {
        status = why;
        return false;
    }
    bool invalid() { return stop(parse_status::invalid); }
    /// An event (a container opened, a key, a value) inside `depth` open containers.
    bool event(int depth) { return depth <= max_depth || stop(parse_status::too_deep); }

    /// Four hex digits after `\u`, or -1.
    int codepoint() {
        int cp = 0;
        for (int k = 0; k < 4; ++k) {
            int const c = get();
            int const digit = c >= '0' && c <= '9'   ? c - '0'
                              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                              : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                                     : -1;
            if (digit < 0) return -1;
            cp = cp << 4 | digit;
        }
        return cp;
    }

    /// An escape after its backslash, appended to `out` as UTF-8.
    bool escape(std::string& out) {
        int const c = get();
        char const* const simple = std::strchr("\"\\/bfnrt", c > 0 ? c : 'x');
        if (simple) return out += "\"\\/\b\f\n\r\t"[simple - "\"\\/bfnrt"], true;
        int cp = c == 'u' ? codepoint() : -1;
        if (cp < 0 || (cp >= 0xDC00 && cp <= 0xDFFF)) return false;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (get() != '\\' || get() != 'u') return false;
            int const low = codepoint();
            if (low < 0xDC00 || low > 0xDFFF) return false;
            cp = (cp << 10) + low - 0x35FDC00;
        }
        char u[4];
        int const n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        u[0] = char(n == 1 ? cp : (0xF00 >> n & 0xF0) | cp >> (6 * (n - 1)));
        for (int k = 1; k < n; ++k) u[k] = char(0x80 | (cp >> (6 * (n - 1 - k)) & 0x3F));
        out.append(u, std::size_t(n));
        return true;
    }

    /// The continuation bytes of a UTF-8 sequence after lead byte `c`, well formed (RFC 3629).
    bool continuation(int c) {
        int const n = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : 0;
        int const lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80, hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
        for (int k = 0; k < n; ++k) {
            int const b = get();
            if (b < (k ? 0x80 : lo) || b > (k ? 0xBF : hi)) return false;
        }
        return n > 0;
    }

    static bool plain(unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }

    /// A string token; `at` is on its opening quote.
    bool string(std::string& out) {
        ++at;
        for (;;) {
            std::size_t const run = at;  // characters that stand for themselves
            while (at < s.size() && plain(static_cast<unsigned char>(s[at]))) ++at;
            out.append(s, run, at - run);
            std::size_t const start = at;
            int const c = get();
            if (c == '"') return true;
            if (c == '\\' ? !escape(out) : c < 0x80 || !continuation(c)) return false;
            if (c != '\\') out.append(s, start, at - start);
        }
    }
    bool digits() {
        std::size_t const from = at;
        while (at < s.size() && s[at] >= '0' && s[at] <= '9') ++at;
        return at > from;
    }

    /// A number token: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
    bool number(value& out) {
        std::size_t const begin = at;
        bool const negative = peek() == '-';
        if (negative) ++at;
        if (peek() == '0') ++at;
        else if (!digits()) return false;
        bool integral = true;
        if (peek() == '.') {
            ++at;
            integral = false;
            if (!digits()) return false;
        }
        if (peek() == 'e' || peek() == 'E') {
            ++at;
            integral = false;
            if (peek() == '+' || peek() == '-') ++at;
            if (!digits()) return false;
        }
        char const *first = s.data() + begin, *last = s.data() + at;
        if (integral && !negative) {
            std::uint64_t u = 0;
            if (std::from_chars(first, last, u).ec == std::errc{}) return out.set_unsigned(u), true;
        } else if (integral) {
            std::int64_t i = 0;
            if (std::from_chars(first, last, i).ec == std::errc{}) return out.set_int(i), true;
        }
        // As strtod: out of range is an overflow (refused: JSON has no infinity) or an underflow
        // to zero, told apart by the decimal exponent of the first significant digit.
        double d = 0;
        if (std::from_chars(first, last, d).ec == std::errc::result_out_of_range) {
            std::string_view const token(first, std::size_t(last - first));
            std::size_t const e = std::min(token.find_first_of("eE"), token.size());
            std::string_view const mantissa = token.substr(0, e);
            long const point = long(std::min(mantissa.find('.'), mantissa.size()));
            long const lead = long(mantissa.find_first_of("123456789"));
            long exponent = 0;
            for (char const c : token.substr(std::min(e + 1, token.size())))
                if (c >= '0' && c <= '9') exponent = std::min(exponent * 10 + (c - '0'), 100'000L);
            if (e + 1 < token.size() && token[e + 1] == '-') exponent = -exponent;
            if ((lead < point ? point - lead - 1 : point - lead) + exponent > 0) return false;
            d = negative ? -0.0 : 0.0;
        }
        out.set_double(d);
        return true;
    }

    bool literal(std::string_view word) {
        if (s.substr(at, word.size()) != word) return false;
        at += word.size();
        return true;
    }

    /// A value inside `depth` open containers, into `out` (null).
    bool parse(value& out, int depth) {
        skip_whitespace();
        int const c = peek();
        if (c == '{' || c == '[') {
            ++at;
            if (!event(depth)) return false;
            bool const object = c == '{';
            out.kind = object ? value::object : value::array;
            skip_whitespace();
            if (peek() == (object ? '}' : ']')) return ++at, true;
            for (;;) {
                value* element = nullptr;
                if (object) {
                    skip_whitespace();
                    std::string key;
                    if (peek() != '"' || !string(key)) return invalid();
                    if (!event(depth + 1)) return false;
                    skip_whitespace();
                    if (get() != ':') return invalid();
                    if (out.find(key)) return stop(parse_status::duplicate_key);
                    element = &out.member(key);
                } else {
                    element = &out.append();
                }
                if (!parse(*element, depth + 1)) return false;
                skip_whitespace();
                int const next = get();
                if (next == (object ? '}' : ']')) return true;
                if (next != ',') return invalid();
            }
        }
        if (c == '"') {
            out.kind = value::string;
            if (!string(out.text)) return invalid();
        } else if (c == 't' || c == 'f') {
            if (!literal(c == 't' ? "true" : "false")) return invalid();
            out.set_bool(c == 't');
        } else if (c == 'n') {
            if (!literal("null")) return invalid();
        } else if (c != '-' && (c < '0' || c > '9')) {
            return invalid();
        } else if (!number(out)) {
            return invalid();
        }
        return event(depth);
    }
};

}  // namespace parsing

/// Parses `text` into `out`; see the file comment.
inline parse_status parse(std::string_view text, int max_depth, value& out) {
    parsing::parser p{text, 0, max_depth};
    if (text.starts_with('\xEF') && !text.starts_with("\xEF\xBB\xBF")) return parse_status::invalid;
    if (text.starts_with("\xEF\xBB\xBF")) p.at = 3;
    if (!p.parse(out, 0)) return p.status;
    return text.find_first_not_of(' ', p.at) == std::string_view::npos ? parse_status::ok : parse_status::invalid;
}

}  // namespace tzero::detail::json
