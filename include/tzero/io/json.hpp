/// @file tzero/io/json.hpp
/// The JSON a checkpoint header holds, as plain data: a value, its members sorted by key, and
/// `dump`, which writes it byte for byte as nlohmann-json's `dump()` does (checkpoints written
/// before tzero had its own JSON load and compare identically). Nothing here is a template, so a
/// translation unit compiles it once however many chains it checkpoints.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <tzero/io/json_number.hpp>

namespace tzero::detail::json {

/// A JSON value. Numbers keep nlohmann's three kinds: a literal without sign, fraction or
/// exponent is `unsigned_integer`, one with a minus `integer`, any other (or one out of 64-bit
/// range) `floating`. An array's elements and an object's members are `items`; a member's key is
/// its `key`, and an object's members are sorted by key (bytewise, as nlohmann's `std::map`)
/// and unique.
struct value {
    enum kind_t : unsigned char { null, boolean, integer, unsigned_integer, floating, string, array, object };
    kind_t kind = null;
    bool flag = false;
    std::int64_t i = 0;
    std::uint64_t u = 0;
    double d = 0;
    std::string text;
    std::string key;  // as a member of an object
    std::vector<value> items;

    // Built in place: `header.member("dtype").set_string("F32")`.
    void set_bool(bool b) { kind = boolean, flag = b; }
    void set_int(std::int64_t x) { kind = integer, i = x; }
    void set_unsigned(std::uint64_t x) { kind = unsigned_integer, u = x; }
    void set_double(double x) { kind = floating, d = x; }
    void set_string(std::string_view s) { kind = string, text = s; }
    value& set_array() { return kind = array, *this; }
    value& set_object() { return kind = object, *this; }
    /// An array of unsigned integers (a shape, data offsets).
    void set_sizes(std::span<std::size_t const> sizes) {
        set_array();
        for (auto n : sizes) items.emplace_back().set_unsigned(n);
    }
    /// A new null element at the end of an array.
    value& append() { return items.emplace_back(); }
    /// Member `key` of an object, added in order if new; null again if not (the later of two
    /// members with one key wins, as in nlohmann-json).
    inline value& member(std::string_view key);

    bool is_object() const { return kind == object; }
    bool is_array() const { return kind == array; }
    bool is_string() const { return kind == string; }
    bool is_boolean() const { return kind == boolean; }
    bool is_number() const { return kind == integer || kind == unsigned_integer || kind == floating; }
    bool is_number_unsigned() const { return kind == unsigned_integer; }

    /// The number as a double (nlohmann's `get<double>()`).
    double number() const { return kind == floating ? d : kind == integer ? double(i) : double(u); }
    /// Elements of an array or members of an object; 0 for null, 1 for any other (nlohmann's).
    std::size_t size() const { return kind == array || kind == object ? items.size() : kind != null; }

    inline value const* find(std::string_view key) const;
    bool contains(std::string_view key) const { return find(key) != nullptr; }
    /// The member `key`, which must exist.
    value const& operator[](std::string_view key) const { return *find(key); }
    value const& operator[](std::size_t index) const { return items[index]; }

    /// A string equal to `s` (nlohmann's `j == "text"`).
    bool operator==(std::string_view s) const { return kind == string && text == s; }

    inline void dump_to(std::string& out) const;
    std::string dump() const {
        std::string out;
        dump_to(out);
        return out;
    }
};

/// The first member whose key is not less than `k`.
inline std::size_t lower_bound(std::vector<value> const& members, std::string_view k) {
    std::size_t first = 0, count = members.size();
    while (count > 0) {
        std::size_t const half = count / 2;
        if (std::string_view(members[first + half].key) < k) first += half + 1, count -= half + 1;
        else count = half;
    }
    return first;
}

inline value const* value::find(std::string_view k) const {
    if (kind != object) return nullptr;
    std::size_t const at = lower_bound(items, k);
    return at < items.size() && items[at].key == k ? &items[at] : nullptr;
}

inline value& value::member(std::string_view k) {
    std::size_t const at = lower_bound(items, k);
    if (at == items.size() || items[at].key != k) items.emplace(items.begin() + std::ptrdiff_t(at));
    items[at] = value{};
    items[at].key = k;
    return items[at];
}

/// `s` quoted and escaped as nlohmann-json writes it (UTF-8 kept, control characters escaped).
inline void dump_string(std::string_view s, std::string& out) {
    out += '"';
    std::size_t run = 0;  // the start of the characters copied as they are
    for (std::size_t k = 0; k < s.size(); ++k) {
        auto const c = static_cast<unsigned char>(s[k]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(s, run, k - run);
        run = k + 1;
        char escape[6] = {'\\', char(c), 0, 0, 0, 0};
        std::size_t length = 2;
        if (c == '\b') escape[1] = 'b';
        else if (c == '\f') escape[1] = 'f';
        else if (c == '\n') escape[1] = 'n';
        else if (c == '\r') escape[1] = 'r';
        else if (c == '\t') escape[1] = 't';
        else if (c < 0x20) {
            char const* const hex = "0123456789abcdef";
            escape[1] = 'u', escape[2] = '0', escape[3] = '0', escape[4] = hex[c >> 4], escape[5] = hex[c & 15];
            length = 6;
        }
        out.append(escape, length);
    }
    out.append(s, run, s.size() - run);
    out += '"';
}

inline void value::dump_to(std::string& out) const {
    switch (kind) {
        case null:
            out += "null";
            break;
        case boolean:
            out += flag ? "true" : "false";
            break;
        case integer:
            out += std::to_string(i);
            break;
        case unsigned_integer:
            out += std::to_string(u);
            break;
        case floating:
            out += format_double(d);
            break;
        case string:
            dump_string(text, out);
            break;
        case array:
            out += '[';
            for (std::size_t k = 0; k < items.size(); ++k) {
                if (k) out += ',';
                items[k].dump_to(out);
            }
            out += ']';
            break;
        case object:
            out += '{';
            for (std::size_t k = 0; k < items.size(); ++k) {
                if (k) out += ',';
                dump_string(items[k].key, out);
                out += ':';
                items[k].dump_to(out);
            }
            out += '}';
            break;
    }
}

}  // namespace tzero::detail::json
